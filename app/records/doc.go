// Package records serves the directory screens: the status bar, the
// taxonomy and closed lists, an actor's profile (its history, consents and
// open conflicts), saving actors and consents as typed into a form, the
// UI's settings, and the list of deleted records to restore.
//
// It is a service over sbcc/app; the directory core must not import it.
package records
