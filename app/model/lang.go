package model

// Languages are the five languages of the network, in display order.
var Languages = []string{"en", "lt", "pl", "de", "sv"}

// Text is a text in several languages, keyed by language code.
type Text map[string]string

// In returns the text in lang, falling back to English and then to any
// language that has one.
func (t Text) In(lang string) string {
	if s := t[lang]; s != "" {
		return s
	}
	if s := t["en"]; s != "" {
		return s
	}
	for _, l := range Languages {
		if s := t[l]; s != "" {
			return s
		}
	}
	return ""
}

// IsLanguage reports whether code is one of the network's languages.
func IsLanguage(code string) bool {
	for _, l := range Languages {
		if l == code {
			return true
		}
	}
	return false
}
