package model

// Meta is what the store knows of a record beyond its fields. It is filled
// when a record is read and ignored when one is written.
type Meta struct {
	Created string `json:"created,omitempty"` // RFC 3339
	Updated string `json:"updated,omitempty"` // RFC 3339
	// Origin is the node that created the record; Office is its office.
	Origin    string `json:"origin,omitempty"`
	Office    string `json:"office,omitempty"`
	Deleted   bool   `json:"deleted,omitempty"`
	Erased    bool   `json:"erased,omitempty"`
	Conflicts int    `json:"conflicts,omitempty"`
}

// Actor is a creative-industry actor: an organisation, a person, a
// collective or a hub.
type Actor struct {
	ID          string   `json:"id"`
	Kind        string   `json:"kind"`
	Name        string   `json:"name" personal:"true"`
	Description Text     `json:"description,omitempty" personal:"true"`
	Sectors     []string `json:"sectors,omitempty"`
	NACE        []string `json:"nace,omitempty"`
	Tags        []string `json:"tags,omitempty"`
	Languages   []string `json:"languages,omitempty"`
	Locality    string   `json:"locality,omitempty"`
	Country     string   `json:"country,omitempty"`
	Address     string   `json:"address,omitempty" personal:"true"`
	Lat         *float64 `json:"lat,omitempty" personal:"true"`
	Lon         *float64 `json:"lon,omitempty" personal:"true"`
	Email       string   `json:"email,omitempty" personal:"true"`
	Phone       string   `json:"phone,omitempty" personal:"true"`
	Website     string   `json:"website,omitempty" personal:"true"`
	Social      []string `json:"social,omitempty" personal:"true"`
	Offers      []string `json:"offers,omitempty"`
	Needs       []string `json:"needs,omitempty"`
	// Visibility is "partners" (shared with partner organisations),
	// "internal" (staff only) or "public" (also in the published catalogue,
	// given a consent for publication).
	Visibility string `json:"visibility,omitempty"`
	Meta       Meta   `json:"meta"`
}

// Link is a relation between two actors.
type Link struct {
	ID   string `json:"id"`
	From string `json:"from"`
	To   string `json:"to"`
	Type string `json:"type"`
	// Years the link was active, e.g. [2025, 2026].
	Years []int  `json:"years,omitempty"`
	Note  string `json:"note,omitempty"`
	// Continuing marks cooperation that goes on after the project.
	Continuing bool `json:"continuing,omitempty"`
	Meta       Meta `json:"meta"`
}

// Event is a forum, workshop, matchmaking session, study visit or training.
type Event struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Kind        string `json:"kind"`
	Description Text   `json:"description,omitempty"`
	Public      bool   `json:"public,omitempty"`
	// Internal marks project meetings, which programme indicators exclude.
	Internal   bool     `json:"internal,omitempty"`
	Start      string   `json:"start"`
	End        string   `json:"end,omitempty"`
	Locality   string   `json:"locality,omitempty"`
	Organisers []string `json:"organisers,omitempty"`
	Meta       Meta     `json:"meta"`
}

// Participation is an actor's or a person's registration for an event.
type Participation struct {
	ID     string `json:"id"`
	Event  string `json:"event"`
	Actor  string `json:"actor,omitempty"`
	Person string `json:"person,omitempty" personal:"true"`
	Role   string `json:"role,omitempty"`
	Status string `json:"status"`
	Meta   Meta   `json:"meta"`
}

// Post is an offer, need or announcement from an actor or office.
type Post struct {
	ID         string   `json:"id"`
	Actor      string   `json:"actor,omitempty"`
	Type       string   `json:"type"`
	Sector     string   `json:"sector,omitempty"`
	Title      string   `json:"title"`
	Text       string   `json:"text,omitempty"`
	ValidUntil string   `json:"validUntil,omitempty"`
	Interested []string `json:"interested,omitempty"`
	Meta       Meta     `json:"meta"`
}

// Consent records a person's consent to processing of their data.
type Consent struct {
	ID string `json:"id"`
	// Subject is the id of the actor the consent is about.
	Subject string `json:"subject"`
	Purpose string `json:"purpose"`
	// Basis is the legal basis: consent, contract, legitimate-interest...
	Basis   string `json:"basis"`
	Given   string `json:"given"`
	Expires string `json:"expires,omitempty"`
	Meta    Meta   `json:"meta"`
}
