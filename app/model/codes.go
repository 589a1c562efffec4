package model

import "slices"

// Code names a kind of problem, the same in every version and language: the
// UI shows it as a sentence in the person's language, filled in with the
// problem's Params, while Message keeps the English for the command line.
//
// A Code can only be made in this package, so every code the Go side can
// send is in [Codes], and a test checks each has a translation in all five
// UI catalogues.
type Code struct{ name string }

var codes []Code

func code(name string) Code {
	c := Code{name}
	codes = append(codes, c)
	return c
}

// String returns the code's name, such as "required".
func (c Code) String() string { return c.name }

// MarshalText writes the code's name.
func (c Code) MarshalText() ([]byte, error) { return []byte(c.name), nil }

// UnmarshalText reads a code's name (an unknown one too: it came from
// another version).
func (c *Code) UnmarshalText(b []byte) error {
	c.name = string(b)
	return nil
}

// Codes lists every problem code, in the order they were declared.
func Codes() []Code { return slices.Clone(codes) }

// The problem codes. Params name the placeholders each one's sentence uses.
var (
	CodeRequired       = code("required")         // the field is empty
	CodeTooLong        = code("too-long")         // {n} characters, {max} allowed
	CodeNotAChoice     = code("not-a-choice")     // {value} is not one of {choices}
	CodeLanguage       = code("language")         // {value} is not a UI language
	CodeSector         = code("sector")           // {value} is not a sector
	CodeLanguageCode   = code("language-code")    // {value} is not a two-letter language code
	CodeCountry        = code("country")          // {value} is not a country code
	CodeEmail          = code("email")            // {value} is not an e-mail address
	CodeWebsite        = code("website")          // {value} is not a web address
	CodePhoneChar      = code("phone-char")       // {value} holds {char}
	CodePhoneDigits    = code("phone-digits")     // {value} has too few or many digits
	CodeLatLonPair     = code("lat-lon-pair")     // only one of latitude and longitude
	CodeLatRange       = code("lat-range")        // {value} outside -90…90
	CodeLonRange       = code("lon-range")        // {value} outside -180…180
	CodeVisibility     = code("visibility")       // {value} is neither partners nor internal
	CodeSelfLink       = code("self-link")        // a link from an actor to itself
	CodeYear           = code("year")             // {value} is not a plausible year
	CodeDate           = code("date")             // {value} is not a date
	CodeEndBeforeStart = code("end-before-start") // {end} before {start}
	CodeDataDir        = code("data-dir")         // the data folder is chosen at start
	CodeOfficeFirst    = code("office-first")     // name the office before joining
	CodeInvite         = code("invite")           // {why}: the invite code cannot be used
	CodeInviteExpired  = code("invite-expired")   // the invite code has expired
	CodeLocality       = code("locality")         // {value} is not a known place
	CodeUnknownActor   = code("unknown-actor")    // {value} is not an actor of the directory
	CodeRegistered     = code("registered")       // already registered for the event
	CodeOwnPost        = code("own-post")         // the author cannot be interested in a post
	CodeFileName       = code("file-name")        // a file without a name
	CodeRowCells       = code("row-cells")        // the row has {n} cells for {columns} columns
	CodeDemoPresent    = code("demo-present")     // {n} demo records would reach the network
	CodeRange          = code("range")            // the number must lie between {min} and {max}
	CodeTimeOfDay      = code("time-of-day")      // {value} is not a time of day
	CodeBreakRound     = code("break-round")      // a break after round {value} is outside the rounds
	CodeSelfMeeting    = code("self-meeting")     // an actor cannot meet itself
	CodeNoSuchRecord   = code("no-such-record")   // there is no {kind} {value}
	CodeWrongKind      = code("wrong-kind")       // {value} is a {is}, not a {kind}
	CodeTooMany        = code("too-many")         // {n} entries, at most {max}
	CodeNotBackup      = code("not-backup")       // the file is not an sbcc backup
	CodeBackupDamaged  = code("backup-damaged")   // the backup is damaged or cut short
	CodeBackupNewer    = code("backup-newer")     // the backup was made by a newer sbcc
	CodeBackupNetwork  = code("backup-network")   // the backup is of an office outside this network
	CodeBackupTooLarge = code("backup-too-large") // the backup has {size} MiB, at most {max} MiB
	CodeFileTooLarge   = code("file-too-large")   // the file has {size} MiB, at most {max} MiB at once
	CodeFileEmpty      = code("file-empty")       // the file is empty
	CodeFileUnreadable = code("file-unreadable")  // the file cannot be read as the kind its name says
	CodeFileBroken     = code("file-broken")      // the file did not arrive whole
	CodeNoNameColumn   = code("no-name-column")   // no column is mapped to the actor's name
	CodeQueryTooLong   = code("query-too-long")   // the search is longer than {max} characters

	// Rows of an imported file.
	CodeQuoteOpen     = code("quote-open")     // a quote left open; reading went on to line {line}
	CodeQuoteAfter    = code("quote-after")    // characters after a quoted cell, at character {position}
	CodeBareQuote     = code("bare-quote")     // a quote inside an unquoted cell, at character {position}
	CodeRowUnreadable = code("row-unreadable") // the row (a card, a sheet row) cannot be read
	CodeNotTaken      = code("not-taken")      // {values} of a card went into no field
	CodeCellTooLong   = code("cell-too-long")  // the cell holds {n} bytes, at most {max}
	CodeSbccID        = code("sbcc-id")        // {value} is not an sbcc id
	CodeNumber        = code("number")         // {value} is not a number like 54.09
	CodeUnknownSector = code("unknown-sector") // {value} is no sector: kept as a tag
)
