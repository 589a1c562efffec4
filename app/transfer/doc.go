// Package transfer moves records into and out of the directory: the import
// of CSV, Excel, vCard and sbcc JSON files (column mapping, duplicate
// matching, undo), the UI's import wizard (Wizard), the exports (JSON, CSV,
// Excel, vCard), the JSON archive, and the backup and its restore.
//
// It is a service over sbcc/app: functions that take the *app.Directory
// (after the context, when they take one) and write through its Put,
// PutMany and store, so the rules of app.Directory.PutMany hold for every
// imported record. sbcc/cli and the UI façade (sbcc/app/ui) call it; the
// directory core (sbcc/app) must not import it.
package transfer
