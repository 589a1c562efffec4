package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/app/transfer"
)

// listLimit is how many errors and duplicates an import prints before
// pointing to --json.
const listLimit = 50

func exportCmd(env *Env) *cobra.Command {
	var format, out, query string
	c := &cobra.Command{
		Use:   "export",
		Short: "Export the directory or a search result as JSON, CSV, Excel or vCard",
		Long: `Writes the whole directory, or the records a search finds (--query), in one format:

  json  the full archive with history: importing it elsewhere gives the same hash
  csv   actors, UTF-8 with BOM for Excel, one column per field, lists joined with "; "
  xlsx  an Excel workbook with one sheet per record kind
  vcf   actors as vCard 4.0 cards for address books

CSV and Excel exports import back with every field kept.`,
		Example: `  sbcc export --format csv -o actors.csv
  sbcc export --format vcf --query "design rostock" -o design.vcf`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format == "" && out != "" {
				format = strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
			}
			if format == "" {
				format = transfer.FormatJSON
			}
			if !contains(transfer.ExportFormats, format) {
				return fmt.Errorf("format %q is not supported; use %s", format, strings.Join(transfer.ExportFormats, ", "))
			}
			return withDir(env, func(d *app.Directory) error {
				var opts transfer.ExportOptions
				if query != "" {
					ids, err := d.Search().FindIDs(cmd.Context(), query)
					if err != nil {
						return err
					}
					opts.IDs = append([]string{}, ids...)
				}
				return writeOut(cmd.OutOrStdout(), out, func(w io.Writer) error { return transfer.Export(d, w, format, opts) })
			})
		},
	}
	c.Flags().StringVar(&format, "format", "", "file format: json, csv, xlsx or vcf (default: from the -o file name, else json)")
	c.Flags().StringVarP(&out, "output", "o", "", "file to write (standard output when empty)")
	c.Flags().StringVarP(&query, "query", "q", "", "export only the records this search finds")
	return c
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func importCmd(env *Env) *cobra.Command {
	var fl importFlags
	c := &cobra.Command{
		Use:   "import FILE",
		Short: "Import actors from CSV, TSV, Excel, vCard or an sbcc JSON archive; undo an import",
		Long: `Imports the actors of a list (.csv, .tsv, .txt, .xlsx, .vcf) or an sbcc JSON archive (.json).

The encoding (UTF-8, UTF-16, Windows-1257/1250/1252) and the delimiter (comma, semicolon,
tab) are detected. Column headers are recognised in English, Lithuanian, Polish, German and
Swedish; map others with --map, a JSON file {"Column header": "field"} ("-" ignores a column).
Every row is checked: bad rows are reported with their row number and left out, good rows are
imported. Duplicates (same e-mail, same website, or same name in the same town) are skipped,
updated or created anew as --on-duplicate says. Importing the same file again creates nothing.

Each import gets an id; "sbcc import --undo ID" deletes what it created and sets back what it
changed, as ordinary edits that sync to every office.`,
		Example: `  sbcc import nariai.csv --dry-run
  sbcc import kontakty.xlsx --map mapping.json --on-duplicate update
  sbcc import --list
  sbcc import --undo 01jz3k6x0v9c2m1q8r5t7w4y6b`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			out := cmd.OutOrStdout()
			switch {
			case fl.list:
				return withDir(env, func(d *app.Directory) error { return printImports(out, d) })
			case fl.undo != "":
				return withDir(env, func(d *app.Directory) error { return undoImport(cmd.Context(), out, d, fl.undo) })
			case len(args) == 0:
				return errors.New("name the file to import (or use --undo ID or --list)")
			}
			return importFile(cmd, env, args[0], fl)
		},
	}
	c.Flags().StringVar(&fl.mapFile, "map", "", `JSON file mapping column headers to fields: {"Kontaktas": "email", "Pastabos": "-"}`)
	c.Flags().StringVar(&fl.sheet, "sheet", "", "the workbook sheet to read (found when left out: the one whose header names the most fields)")
	c.Flags().IntVar(&fl.headerRow, "header-row", 0, "the workbook row holding the column names, from 1 (found when left out)")
	c.Flags().BoolVar(&fl.dry, "dry-run", false, "check every row and show what would happen, writing nothing")
	c.Flags().StringVar(&fl.onDup, "on-duplicate", transfer.DuplicateSkip, "what to do with a row that matches an actor already there: skip, update or new")
	c.Flags().StringVar(&fl.undo, "undo", "", "undo the import with this id")
	c.Flags().BoolVar(&fl.list, "list", false, "list the imports made here, newest first")
	c.Flags().BoolVar(&fl.asJSON, "json", false, "print the full report as JSON")
	return c
}

// importFlags are the flags of `sbcc import`.
type importFlags struct {
	mapFile, onDup, undo, sheet string
	headerRow                   int
	dry, asJSON, list           bool
}

// undoImport undoes the import id in d and says what it did on out.
func undoImport(ctx context.Context, out io.Writer, d *app.Directory, id string) error {
	rep, err := transfer.UndoImport(ctx, d, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "undid import %s: deleted %d records it created, set back %d it changed\n", id, rep.Deleted, rep.Restored)
	for _, k := range rep.Kept {
		fmt.Fprintf(out, "kept (changed since the import): %s\n", k)
	}
	return nil
}

// importFile imports the file at path as fl says, showing its progress on
// stderr and printing the report.
func importFile(cmd *cobra.Command, env *Env, path string, fl importFlags) error {
	out := cmd.OutOrStdout()
	mapping, err := readMapping(fl.mapFile)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return withDir(env, func(d *app.Directory) error {
		file, err := transfer.OpenImportSheet(d, path, f, fl.sheet, fl.headerRow)
		if err != nil {
			return fmt.Errorf("import %s: %w", path, err)
		}
		if mapping != nil {
			if err := file.SetMapping(mapping); err != nil {
				return err
			}
		}
		p := newProgress(cmd.ErrOrStderr(), "rows")
		rep, err := transfer.Import(cmd.Context(), d, file, transfer.ImportOptions{OnDuplicate: fl.onDup, DryRun: fl.dry, Progress: p.Update})
		p.Done()
		if err != nil && rep == nil {
			return fmt.Errorf("import %s: %w", path, err)
		}
		if fl.asJSON {
			if perr := printJSON(out, rep); perr != nil {
				return perr
			}
		} else {
			printReport(out, rep)
		}
		return err
	})
}

func readMapping(path string) (map[string]string, error) {
	if path == "" {
		return nil, nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m map[string]string
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf(`mapping file %s: %w (it should be a JSON object like {"Column header": "email"})`, path, err)
	}
	return m, nil
}

func printReport(w io.Writer, rep *transfer.ImportReport) {
	if rep.Format == "json" {
		fmt.Fprintf(w, "applied %d changes (%d already here, %d refused), created %d records\n", rep.Applied, rep.Skipped, rep.Failed, rep.Created)
		return
	}
	what := "import " + rep.ID
	verb := ""
	if rep.DryRun {
		what, verb = "dry run", "would be "
	}
	format := rep.Format
	if rep.Encoding != "" {
		format += ", " + rep.Encoding
	}
	if rep.Delimiter != "" {
		format += fmt.Sprintf(", delimiter %q", rep.Delimiter)
	}
	if rep.Sheet != "" {
		format += fmt.Sprintf(", sheet %q", rep.Sheet)
	}
	if rep.HeaderRow > 0 {
		format += fmt.Sprintf(", header in row %d", rep.HeaderRow)
	}
	fmt.Fprintf(w, "%s of %s (%s, %d rows): %screated %d, updated %d, skipped %d, failed %d\n",
		what, rep.File, format, rep.Rows, verb, rep.Created, rep.Updated, rep.Skipped, rep.Failed)
	if rep.Unchanged > 0 {
		fmt.Fprintf(w, "%d of the skipped rows are already here as they are\n", rep.Unchanged)
	}
	if rep.Unsaved > 0 {
		fmt.Fprintf(w, "%d rows were read but not saved: the import stopped at an error\n", rep.Unsaved)
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for i, e := range rep.Errors {
		if i == listLimit {
			fmt.Fprintf(tw, "… %d more errors (--json lists all)\n", len(rep.Errors)-listLimit)
			break
		}
		col := ""
		if e.Column != "" {
			col = "column " + e.Column
		}
		fmt.Fprintf(tw, "row %d\t%s\t%s\n", e.Row, col, e.Message)
	}
	for i, e := range rep.Warnings {
		if i == listLimit {
			fmt.Fprintf(tw, "… %d more warnings (--json lists all)\n", len(rep.Warnings)-listLimit)
			break
		}
		fmt.Fprintf(tw, "row %d\twarning\t%s\n", e.Row, e.Message)
	}
	for i, dup := range rep.Duplicates {
		if i == listLimit {
			fmt.Fprintf(tw, "… %d more duplicates (--json lists all)\n", len(rep.Duplicates)-listLimit)
			break
		}
		where := "already here"
		if dup.SameFileRow > 0 {
			where = fmt.Sprintf("as row %d", dup.SameFileRow)
		}
		fmt.Fprintf(tw, "row %d\tduplicate\tsame %s %s %s (%s %q): %s\n", dup.Row, dup.Match, dup.Value, where, dup.Existing, dup.ExistingName, dup.Action)
	}
	tw.Flush()
	if rep.ID != "" && rep.Created+rep.Updated > 0 {
		fmt.Fprintf(w, "undo with: sbcc import --undo %s\n", rep.ID)
	}
}

func printImports(w io.Writer, d *app.Directory) error {
	logs, err := transfer.Imports(d)
	if err != nil {
		return err
	}
	if len(logs) == 0 {
		fmt.Fprintln(w, "no imports")
		return nil
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tFILE\tSTARTED\tCREATED\tUPDATED\tUNDONE")
	for _, l := range logs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", l.ID, l.File, l.Started, l.Created, l.Updated, l.Undone)
	}
	return tw.Flush()
}
