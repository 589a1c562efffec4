package transfer

import (
	"fmt"
	"slices"

	"sbcc/app/model"
)

// sectorWords are the words offices' own lists use for each sector, in the
// five languages, beyond the taxonomy's labels: a Polish list says
// "Muzyka" or "Wydawnictwa", a German one "Verlag", a Swedish one "Förlag".
// They are matched like the labels (case and diacritics folded).
var sectorWords = map[string][]string{
	"heritage": {"cultural heritage", "museum", "museums", "muzeum", "muzea", "zabytki", "dziedzictwo kulturowe",
		"muziejus", "muziejai", "kultūros paveldas", "museen", "denkmalpflege", "museer", "kulturmiljö"},
	"archives":  {"archive", "archiwum", "archiwa", "archyvas", "archiv", "arkiv"},
	"libraries": {"library", "biblioteka", "biblioteki", "bibliotekos", "bibliothek", "bibliotek"},
	"book-press": {"publishing", "publisher", "publishers", "books", "press", "literature", "magazines",
		"wydawnictwa", "wydawnictwo", "prasa", "książka", "książki", "literatura",
		"leidyba", "leidykla", "spauda", "knygos", "literatūra",
		"verlag", "verlage", "verlagswesen", "presse", "buch", "bücher", "literatur",
		"förlag", "bokförlag", "förlagsverksamhet", "böcker", "litteratur"},
	"visual-arts": {"visual art", "fine arts", "art", "arts", "gallery", "photography",
		"sztuka", "sztuki piękne", "galeria", "fotografia", "sztuki plastyczne",
		"dailė", "menas", "vaizduojamieji menai", "galerija", "fotografija",
		"kunst", "bildende künste", "galerie", "fotografie", "konst", "fotografi"},
	"performing-arts": {"music", "theatre", "theater", "dance", "opera", "concerts", "performing",
		"muzyka", "teatr", "taniec", "koncerty", "sztuki sceniczne",
		"muzika", "teatras", "šokis", "koncertai", "scenos menas",
		"musik", "tanz", "darstellende künste", "konzerte",
		"teater", "dans", "konserter"},
	"audiovisual": {"film", "cinema", "video", "multimedia", "radio", "television", "tv", "animation", "audiovisual",
		"kino", "wideo", "telewizja", "animacja", "audiowizualne",
		"filmas", "televizija", "animacija", "audiovizualinis menas",
		"fernsehen", "rundfunk", "audiovisuell", "tv-produktion", "audiovisuellt"},
	"architecture": {"architect", "architects", "urbanism", "architekt", "urbanistyka", "architektas", "architekten", "arkitekt"},
	"advertising":  {"marketing", "public relations", "reklamos", "agencja reklamowa", "werbeagentur", "reklambyrå"},
	"art-crafts": {"crafts", "craft", "handicraft", "ceramics", "rzemiosło", "rękodzieło", "ceramika",
		"amatai", "rankdarbiai", "keramika", "handwerk", "keramik", "hantverk", "slöjd"},
	"design": {"graphic design", "industrial design", "wzornictwo", "projektowanie graficzne", "grafika",
		"grafinis dizainas", "gestaltung", "grafikdesign", "formgivning", "grafisk design"},
	"games-software": {"games", "gaming", "game development", "gamedev", "software", "gry", "gry komputerowe", "oprogramowanie",
		"žaidimai", "programinė įranga", "spiele", "computerspiele", "spel", "datorspel", "mjukvara"},
	"fashion": {"clothing", "apparel", "textile", "textiles", "moda", "odzież", "tekstylia", "mada", "tekstilė", "mode", "textil", "kläder"},
}

func init() {
	for code, words := range sectorWords {
		for _, w := range words {
			if _, taken := sectorNames[model.Fold(w)]; !taken {
				sectorNames[model.Fold(w)] = code
			}
		}
	}
}

// unknownSectorsToTags moves the sectors of a that are not in the taxonomy
// to its tags, so that the row is imported, and returns a warning for each.
func unknownSectorsToTags(a *model.Actor, line int, column string) []RowError {
	var warn []RowError
	known := a.Sectors[:0:0]
	for _, s := range a.Sectors {
		if _, ok := model.SectorByCode(s); ok {
			known = append(known, s)
			continue
		}
		if !slices.Contains(a.Tags, s) {
			a.Tags = append(a.Tags, s)
		}
		warn = append(warn, RowError{Row: line, Column: column, Field: "sectors", Code: model.CodeUnknownSector,
			Params: map[string]string{"value": s}, Message: fmt.Sprintf("%q is not a known sector: kept as a tag", s)})
	}
	a.Sectors = known
	return warn
}
