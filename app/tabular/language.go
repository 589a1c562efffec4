package tabular

import "strings"

// GuessLanguage returns the language (en, lt, pl, de or sv) a free text is
// most likely written in, from the letters and short words only each
// language has; without any, the language of country (LT, PL, DE, SE or
// its name) or else "en".
func GuessLanguage(text, country string) string {
	score := map[string]int{}
	lower := strings.ToLower(text)
	for _, r := range lower {
		switch r {
		case 'ė', 'į', 'ų', 'ū', 'č', 'š', 'ž':
			score["lt"] += 2
		case 'ł', 'ń', 'ś', 'ź', 'ż', 'ć', 'ó':
			score["pl"] += 2
		case 'ą', 'ę':
			score["lt"]++
			score["pl"]++
		case 'ß', 'ü':
			score["de"] += 2
		case 'å':
			score["sv"] += 2
		case 'ä', 'ö':
			score["de"]++
			score["sv"]++
		}
	}
	for _, w := range strings.FieldsFunc(lower, func(r rune) bool { return !(r >= 'a' && r <= 'z') && r < 0x80 }) {
		switch w {
		case "ir", "yra", "su", "kad", "mes", "bei":
			score["lt"] += 3
		case "i", "w", "na", "jest", "oraz", "się", "dla", "z":
			score["pl"] += 3
		case "und", "der", "die", "das", "ist", "wir", "mit", "für":
			score["de"] += 3
		case "och", "är", "att", "vi", "med", "för", "en", "ett":
			score["sv"] += 3
		case "and", "the", "is", "we", "of", "with", "for":
			score["en"] += 3
		}
	}
	best, top := "", 0
	for _, l := range []string{"en", "lt", "pl", "de", "sv"} {
		if score[l] > top {
			best, top = l, score[l]
		}
	}
	if best != "" {
		return best
	}
	switch strings.ToUpper(strings.TrimSpace(country)) {
	case "LT", "LITHUANIA", "LIETUVA":
		return "lt"
	case "PL", "POLAND", "POLSKA":
		return "pl"
	case "DE", "GERMANY", "DEUTSCHLAND":
		return "de"
	case "SE", "SWEDEN", "SVERIGE":
		return "sv"
	}
	return "en"
}
