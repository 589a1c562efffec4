package transfer

import (
	"fmt"

	"sbcc/app/model"
	"sbcc/app/tabular"
)

// readerCodes are the codes of the file readers' problem kinds.
var readerCodes = map[string]model.Code{
	tabular.ProblemQuoteOpen:  model.CodeQuoteOpen,
	tabular.ProblemQuoteAfter: model.CodeQuoteAfter,
	tabular.ProblemBareQuote:  model.CodeBareQuote,
	tabular.ProblemUnreadable: model.CodeRowUnreadable,
	tabular.ProblemNotTaken:   model.CodeNotTaken,
}

// readerRowError is a file reader's problem with a row as a RowError with
// its code.
func readerRowError(p tabular.Problem) RowError {
	return RowError{Row: p.Line, Code: readerCodes[p.Kind], Params: p.Params, Message: p.Message}
}

// cellRowError is the RowError of a cell that its column's setter refused
// with msg: the id column takes sbcc ids, the coordinates numbers.
func cellRowError(line int, column, col, cell, msg string) RowError {
	e := RowError{Row: line, Column: column, Field: fieldOf(col), Message: msg, Params: map[string]string{"value": cell}}
	switch col {
	case "id":
		e.Code = model.CodeSbccID
	case "lat", "lon":
		e.Code = model.CodeNumber
	}
	return e
}

// longCellRowError is the RowError of a cell of n bytes, over MaxCell.
func longCellRowError(line int, column, col string, n int) RowError {
	return RowError{Row: line, Column: column, Field: fieldOf(col), Code: model.CodeCellTooLong,
		Params:  map[string]string{"n": fmt.Sprint(n), "max": fmt.Sprint(MaxCell)},
		Message: fmt.Sprintf("the cell holds %d bytes; at most %d are allowed", n, MaxCell)}
}
