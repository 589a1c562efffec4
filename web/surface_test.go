package web

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sbcc/app/ui"
	"slices"
	"strings"
	"testing"
)

// TestSurfaceExists: every name in Surface is a method, with a context
// first, of exactly one of the façade's services, which both the window
// and the HTTP mirror can dispatch.
func TestSurfaceExists(t *testing.T) {
	services := (&ui.API{}).Services()
	ms := methods(services...)
	for _, name := range Surface {
		if _, ok := ms[name]; !ok {
			t.Errorf("Surface names %s, which no service of ui.API has (with a context first)", name)
		}
		n := 0
		for _, svc := range services {
			if _, ok := methodOf(svc, name); ok {
				n++
			}
		}
		if n > 1 {
			t.Errorf("%s is a method of %d services of ui.API: the window and the web cannot tell which to call", name, n)
		}
	}
	if len(ms) != len(Surface) {
		t.Errorf("%d methods for %d names: a name is listed twice", len(ms), len(Surface))
	}
}

// A TypeScript interface: its fields and, per field, the name of the
// interface its values have (when they have one).
type tsInterface struct {
	fields map[string]string // field → referenced interface ("" when none)
}

var (
	callRe      = regexp.MustCompile(`call<([^>(]*)>\('([A-Za-z]+)'`)
	interfaceRe = regexp.MustCompile(`export interface (\w+)(?: extends ([\w, ]+))? \{`)
	identRe     = regexp.MustCompile(`^[A-Z]\w*$`)
)

// frontendSources returns the text of every .ts and .svelte file of the UI.
func frontendSources(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	root := filepath.Join("..", "frontend", "src")
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasSuffix(path, ".test.ts") || !(strings.HasSuffix(path, ".ts") || strings.HasSuffix(path, ".svelte")) {
			return nil
		}
		raw, err := os.ReadFile(path)
		out[path] = string(raw)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// block returns the text from open (an index just after a '{' or '(') to
// its matching closer.
func block(s string, open int, opener, closer byte) string {
	depth := 1
	for i := open; i < len(s); i++ {
		switch s[i] {
		case opener:
			depth++
		case closer:
			depth--
			if depth == 0 {
				return s[open:i]
			}
		}
	}
	return s[open:]
}

// splitTop splits s at sep outside brackets of any kind.
func splitTop(s string, seps string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case strings.IndexByte("{([<", c) >= 0:
			depth++
		case strings.IndexByte("})]>", c) >= 0 && !(c == '>' && i > 0 && s[i-1] == '='):
			depth--
		case depth == 0 && strings.IndexByte(seps, c) >= 0:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// parseInterfaces reads every exported interface of the sources, with
// the fields of the interfaces it extends.
func parseInterfaces(srcs map[string]string) map[string]tsInterface {
	out := map[string]tsInterface{}
	extends := map[string][]string{}
	for _, src := range srcs {
		for _, m := range interfaceRe.FindAllStringSubmatchIndex(src, -1) {
			name := src[m[2]:m[3]]
			if m[4] >= 0 {
				for _, e := range strings.Split(src[m[4]:m[5]], ",") {
					extends[name] = append(extends[name], strings.TrimSpace(e))
				}
			}
			body := block(src, m[1], '{', '}')
			it := tsInterface{fields: map[string]string{}}
			for _, f := range splitTop(body, ";\n") {
				f = strings.TrimSpace(f)
				if i := strings.Index(f, "//"); i == 0 || f == "" || strings.HasPrefix(f, "/*") || strings.HasPrefix(f, "*") {
					continue
				}
				key, typ, ok := strings.Cut(f, ":")
				if !ok || strings.ContainsAny(key, "[(") {
					continue
				}
				key = strings.TrimSuffix(strings.TrimSpace(key), "?")
				typ = strings.TrimSpace(typ)
				typ = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(typ, "| null")), "[]")
				if !identRe.MatchString(typ) {
					typ = ""
				}
				it.fields[key] = typ
			}
			out[name] = it
		}
	}
	for name, parents := range extends {
		for _, p := range parents {
			for k, v := range out[p].fields {
				out[name].fields[k] = v
			}
		}
	}
	return out
}

// jsonFields returns the JSON names of a Go struct type's fields, with
// their types (embedded structs flattened).
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range jsonFields(ft) {
					out[k] = v
				}
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// structOf strips pointers, slices and maps down to a struct type, or nil.
func structOf(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t.PkgPath() == "time" {
		return nil
	}
	return t
}

// checkFields reports every field of the TS interface name that the Go
// type lacks, following nested interfaces.
func checkFields(t *testing.T, where, name string, goType reflect.Type, ts map[string]tsInterface, seen map[string]bool) {
	key := name + "=" + goType.String()
	if seen[key] {
		return
	}
	seen[key] = true
	it, ok := ts[name]
	if !ok {
		return
	}
	have := jsonFields(goType)
	for field, ref := range it.fields {
		gt, ok := have[field]
		if !ok {
			t.Errorf("%s: the UI reads %s.%s, which %s does not have", where, name, field, goType)
			continue
		}
		if st := structOf(gt); ref != "" && st != nil {
			checkFields(t, where, ref, st, ts, seen)
		}
	}
}

// TestFrontendMatchesSurface reads the frontend's calls: each names a
// method of Surface with as many arguments as the Go method takes, and
// each field of the TypeScript answer type exists in the Go answer.
func TestFrontendMatchesSurface(t *testing.T) {
	srcs := frontendSources(t)
	ts := parseInterfaces(srcs)
	ms := methods((&ui.API{}).Services()...)
	calls := 0
	for path, src := range srcs {
		for _, m := range callRe.FindAllStringSubmatchIndex(src, -1) {
			calls++
			tsType, name := src[m[2]:m[3]], src[m[4]:m[5]]
			where := filepath.Base(path) + ": " + name
			meth, ok := ms[name]
			if !ok {
				t.Errorf("%s: the UI calls %s, which is not in web.Surface (or not a method of ui.API's services)", filepath.Base(path), name)
				continue
			}
			args := strings.TrimSpace(block(src, m[1], '(', ')'))
			n := 0
			if args = strings.TrimPrefix(args, ","); strings.TrimSpace(args) != "" {
				n = len(splitTop(args, ","))
			}
			if n != len(meth.in) {
				t.Errorf("%s: the UI passes %d arguments, the Go method takes %d", where, n, len(meth.in))
			}
			if len(meth.out) == 2 || len(meth.out) == 1 && meth.out[0] != errorType {
				tsType = strings.TrimSuffix(strings.TrimSpace(tsType), "[]")
				if st := structOf(meth.out[0]); st != nil && identRe.MatchString(tsType) {
					checkFields(t, where, tsType, st, ts, map[string]bool{})
				}
			}
		}
	}
	if calls < len(Surface) {
		t.Fatalf("found only %d calls in the frontend: is the parser still right?", calls)
	}
	for _, name := range Surface {
		if !slices.ContainsFunc(maps(srcs), func(src string) bool { return strings.Contains(src, "'"+name+"'") }) {
			t.Errorf("Surface exposes %s, which the UI never calls: remove it", name)
		}
	}
}

func maps(srcs map[string]string) []string {
	out := make([]string, 0, len(srcs))
	for _, s := range srcs {
		out = append(out, s)
	}
	return out
}
