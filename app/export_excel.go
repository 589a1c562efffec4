package app

import "context"

// ExportExcelCSV is Export in CSV with cells separated by semicolons: the
// CSV that Excel opens in columns where the decimal mark is a comma, as in
// Poland, Lithuania, Germany and Sweden (a comma-separated file opens there
// as one column). search, when not nil, limits it to a search's actors.
func (a *TransferAPI) ExportExcelCSV(ctx context.Context, search *SearchRequest) (Download, error) {
	return a.export(ctx, FormatCSV, search, ExportOptions{Semicolons: true})
}
