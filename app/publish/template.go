package publish

import "html/template"

// pageTemplate is every page of the site: the frame (language switcher,
// navigation, search) around the content of the page's Kind.
var pageTemplate = template.Must(template.New("page").Funcs(funcs).Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{.Title}}{{if ne .Kind "home"}}{{if ne .Kind "choose"}} · {{t "title" .Lang}}{{end}}{{end}}</title>
<link rel="stylesheet" href="{{.Root}}style.css">
</head>
{{- if eq .Kind "choose"}}
<body>
<main id="main">
<h1>{{t "title" "en"}}</h1>
<p>{{t "chooselang" "en"}}</p>
<ul>{{range langs}}<li lang="{{.}}"><a href="{{.}}/index.html">{{langName .}} — {{t "title" .}}</a></li>{{end}}</ul>
</main>
</body>
</html>
{{- else}}
<body data-base="{{.Up}}" data-root="{{.Root}}">
<a class="skip" href="#main">{{t "skip" .Lang}}</a>
<header>
<nav class="langs" aria-label="{{t "languages" .Lang}}"><ul>{{$p := .}}{{range langs}}<li><a lang="{{.}}" href="{{$p.Root}}{{.}}/{{$p.Path}}"{{if eq . $p.Lang}} aria-current="page"{{end}}>{{langName .}}</a></li>{{end}}</ul></nav>
<a class="site" href="{{.Up}}index.html">{{t "title" .Lang}}</a>
<nav aria-label="{{t "home" .Lang}}"><ul><li><a href="{{.Up}}index.html"{{if eq .Kind "home"}} aria-current="page"{{end}}>{{t "home" .Lang}}</a></li><li><a href="{{.Up}}actors.html"{{if eq .Kind "list"}} aria-current="page"{{end}}>{{t "all" .Lang}}</a></li><li><a href="{{.Up}}map.html"{{if eq .Kind "map"}} aria-current="page"{{end}}>{{t "map" .Lang}}</a></li></ul></nav>
</header>
<main id="main">
<h1>{{.Title}}</h1>
{{- if eq .Kind "home"}}
<p>{{t "intro" .Lang}}</p>
{{template "search" .}}
<h2>{{t "sectors" .Lang}}</h2>
<ul class="cols">{{$p := .}}{{range .Site.Sectors}}<li><a href="sector/{{.Code}}.html">{{in .Label $p.Lang}}</a> <span class="muted">({{len .Actors}})</span></li>{{end}}</ul>
<h2>{{t "places" .Lang}}</h2>
<ul class="cols">{{range .Site.Places}}<li><a href="place/{{.Slug}}.html">{{in .Name $p.Lang}}</a> <span class="muted">({{len .Actors}})</span></li>{{end}}</ul>
{{- else if eq .Kind "actor"}}{{with .Actor}}{{$l := $.Lang}}
{{with in .Description $l}}<p>{{.}}</p>{{end}}
<dl>
<dt>{{t "kind" $l}}</dt><dd>{{kind .Kind $l}}</dd>
{{if .Sectors}}<dt>{{t "sectors" $l}}</dt><dd>{{range $i, $s := .Sectors}}{{if $i}}, {{end}}<a href="../sector/{{$s}}.html">{{sector $s $l}}</a>{{end}}</dd>{{end}}
{{with index $.Site.ByLoc .Locality}}<dt>{{t "places" $l}}</dt><dd>{{if .Actors}}<a href="../place/{{.Slug}}.html">{{in .Name $l}}</a>{{else}}{{in .Name $l}}{{end}}</dd>{{end}}
{{if .Country}}<dt>{{t "country" $l}}</dt><dd>{{.Country}}</dd>{{end}}
{{if .Languages}}<dt>{{t "languages" $l}}</dt><dd>{{range $i, $x := .Languages}}{{if $i}}, {{end}}{{langLabel $x}}{{end}}</dd>{{end}}
{{if .Offers}}<dt>{{t "offers" $l}}</dt><dd>{{range $i, $x := .Offers}}{{if $i}}; {{end}}{{$x}}{{end}}</dd>{{end}}
{{if .Needs}}<dt>{{t "needs" $l}}</dt><dd>{{range $i, $x := .Needs}}{{if $i}}; {{end}}{{$x}}{{end}}</dd>{{end}}
{{with website .Website}}<dt>{{t "website" $l}}</dt><dd><a href="{{.}}" rel="noopener noreferrer">{{host .}}</a></dd>{{end}}
{{if .Email}}<dt>{{t "email" $l}}</dt><dd><a href="{{mailto .Email}}">{{.Email}}</a></dd>{{end}}
{{if .Phone}}<dt>{{t "phone" $l}}</dt><dd><a href="{{tel .Phone}}">{{.Phone}}</a></dd>{{end}}
</dl>
{{end}}
{{- else if eq .Kind "map"}}{{$l := .Lang}}
<p>{{t "mapnote" $l}}</p>
<figure>
<svg class="map" viewBox="0 0 {{.Site.Outline.Width}} {{.Site.Outline.Height}}" role="group" aria-label="{{t "map" $l}}">
<g aria-hidden="true">{{range .Site.Outline.Countries}}<path{{if .Code}} class="net"{{end}} d="{{.D}}"/>{{end}}</g>
{{range .Site.Places}}{{if .OnMap}}<a href="place/{{.Slug}}.html" aria-label="{{in .Name $l}} ({{len .Actors}})"><circle cx="{{f1 .X}}" cy="{{f1 .Y}}" r="{{f1 .R}}"><title>{{in .Name $l}} ({{len .Actors}})</title></circle></a>{{end}}{{end}}
</svg>
</figure>
<h2>{{t "places" $l}}</h2>
<ul class="cols">{{range .Site.Places}}<li><a href="place/{{.Slug}}.html">{{in .Name $l}}</a> <span class="muted">({{len .Actors}})</span></li>{{end}}</ul>
{{- else}}
{{if eq .Kind "list"}}{{template "search" .}}{{end}}
<p class="muted">{{len .List}} {{t "count" .Lang}}</p>
{{$pre := ""}}{{if ne .Kind "list"}}{{$pre = "../"}}{{end}}
<ul class="cols">{{range .List}}<li><a href="{{$pre}}a/{{.Slug}}.html">{{.Name}}</a></li>{{end}}</ul>
{{- end}}
</main>
<footer>{{t "generated" .Lang}} {{.Site.Info.Published}}</footer>
{{- if or (eq .Kind "home") (eq .Kind "list")}}
<script src="{{.Root}}search.js" defer></script>
{{- end}}
</body>
</html>
{{- end}}
{{define "search"}}<div class="search" role="search">
<label for="q">{{t "search" .Lang}}</label>
<input id="q" type="search" autocomplete="off" aria-controls="results">
<noscript><p class="muted">{{t "noscript" .Lang}}</p></noscript>
<ul id="results" aria-live="polite" aria-label="{{t "results" .Lang}}" data-empty="{{t "noresults" .Lang}}"></ul>
</div>{{end}}
`))
