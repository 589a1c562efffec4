// Package tabulartest makes hostile files for the tests of the importers.
package tabulartest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// XLSXBomb returns a valid workbook whose first sheet's XML unpacks to at
// least unpacked bytes of rows while the file stays small (about 1 MiB per
// 300 MiB): a zip bomb.
func XLSXBomb(unpacked int) ([]byte, error) {
	f := excelize.NewFile()
	if err := f.SetSheetRow("Sheet1", "A1", &[]string{"name", "email"}); err != nil {
		return nil, err
	}
	var plain bytes.Buffer
	if err := f.Write(&plain); err != nil {
		return nil, err
	}
	src, err := zip.NewReader(bytes.NewReader(plain.Bytes()), int64(plain.Len()))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, part := range src.File {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: part.Name, Method: zip.Deflate})
		if err != nil {
			return nil, err
		}
		if part.Name == "xl/worksheets/sheet1.xml" {
			err = writeSheet(w, unpacked)
		} else {
			err = copyPart(w, part)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func copyPart(w io.Writer, part *zip.File) error {
	rc, err := part.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	_, err = io.Copy(w, rc)
	return err
}

// writeSheet writes a sheet of at least size bytes of the same row.
func writeSheet(w io.Writer, size int) error {
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	row := []byte(strings.Repeat(`<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>`, 1024))
	for n := 0; n < size; n += len(row) {
		if _, err := w.Write(row); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, `</sheetData></worksheet>`)
	return err
}
