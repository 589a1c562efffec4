// Package gdpr serves the data-protection duties of an office: everything
// stored about a person (subject access, article 15: the record, its
// consents, participations, links, posts and history) and the consents
// that end soon or have ended. Erasure itself is the core's
// (app.Directory.Erase), as it replicates.
//
// It is a service over sbcc/app; the directory core must not import it.
package gdpr
