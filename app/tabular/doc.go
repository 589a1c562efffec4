// Package tabular reads the lists that offices keep — CSV and TSV files in
// whatever encoding a Lithuanian, Polish, German or Swedish computer saved
// them in, Excel workbooks and vCard address books — into a [Table] of text
// cells with file row numbers, ready for the directory's importer to map
// onto actor fields.
//
// # Basics
//
// [Read] picks the reader by file name. Text files are decoded to UTF-8 by
// [Decode] (byte-order marks, UTF-16, and for bytes that are not UTF-8 the
// Windows code page 1257, 1250 or 1252 whose decoding holds the most letters
// of Lithuanian, Polish, German and Swedish), and split into cells by
// [ReadDelimited] (comma, semicolon or tab, detected). Quoted newlines are
// kept inside their cell.
//
// # Caveats
//
// A row that cannot be parsed (a quote left open, a stray quote) is reported
// in [Table.Problems] with its row number and parsing goes on at the next
// line; it never fails the whole file. Tabular knows nothing of the store:
// it imports only the standard library, golang.org/x/text, excelize and
// go-vcard, and nothing of sbcc.
package tabular
