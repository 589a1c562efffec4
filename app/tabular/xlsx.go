package tabular

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// ActorSheets are sheet names read first from a workbook, in this order;
// without one of them the first sheet is read.
var ActorSheets = []string{"actor", "actors", "veikėjai", "podmioty", "akteure", "aktörer"}

// MaxUnzipped bounds what a workbook may unpack to: 200 MiB, four times
// the 50 MiB a file to import may have. A real list of actors unpacks to
// a few times its size; a zip bomb (a small file that unpacks to
// gigabytes) is refused before anything is unpacked.
const MaxUnzipped = 200 << 20

// maxXMLInMemory is the size of a sheet excelize unpacks in memory; a
// larger one goes to a temporary file (never larger than MaxUnzipped).
const maxXMLInMemory = 16 << 20

// ErrTooLarge is returned by [ReadXLSX] for a workbook that unpacks to
// more than [MaxUnzipped].
var ErrTooLarge = errors.New("the workbook unpacks to more than 200 MiB, far more than a list of actors needs (it may be a zip bomb); it was not opened")

// openXLSX opens a workbook within the unzip limits: a file that would
// unpack to more than MaxUnzipped is refused before anything is unpacked.
func openXLSX(r io.Reader) (*excelize.File, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if err := checkUnzipped(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: MaxUnzipped, UnzipXMLSizeLimit: maxXMLInMemory})
	if err != nil {
		return nil, fmt.Errorf("the file is not an Excel workbook (.xlsx): %w", err)
	}
	return f, nil
}

// ReadXLSX reads the actors' sheet of an Excel workbook: the sheet named in
// [ActorSheets] or else the first one. Cells are read raw (numbers as
// stored, not as formatted for display); empty rows are skipped.
func ReadXLSX(r io.Reader) (*Table, error) {
	f, err := openXLSX(r)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, ErrEmpty
	}
	sheet := sheets[0]
	for _, s := range sheets {
		if preferredSheet(s) {
			sheet = s
			break
		}
	}
	return readSheetFrom(f, sheet, 0)
}

// checkUnzipped refuses a workbook whose parts, as its zip directory
// declares them, add up to more than MaxUnzipped. archive/zip fails a part
// that unpacks to more than it declares, so the declaration is binding.
func checkUnzipped(data []byte) error {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil // not a zip: excelize says so in its own words
	}
	var total uint64
	for _, f := range z.File {
		if f.UncompressedSize64 > MaxUnzipped-total {
			return fmt.Errorf("%w (a file of %d KiB)", ErrTooLarge, len(data)>>10)
		}
		total += f.UncompressedSize64
	}
	return nil
}
