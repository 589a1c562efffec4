package demonames

import "strings"

// owner says where a person's name goes in the name of their business.
type owner int

const (
	ownerLast  owner = iota // "Atelier Greta Bäcker"
	ownerFirst              // "Anna Wójcik Pracownia Ceramiki"
	ownerComma              // "Rūta Žemaitytė, keramikos studija"
)

// lang is the word lists of one language.
type lang struct {
	kinds, brands, towns []string
	female, male         []string
	// surnames are "masculine/feminine" where the forms differ.
	surnames []string
	// brandFirst puts the proper name before the kind ("Gintaro studija").
	brandFirst bool
	// lowerKind writes the kind in lower case after a name ("Gintaro studija").
	lowerKind bool
	// townFirst puts the town before the name ("Klaipėdos Gintaro studija").
	townFirst bool
	owner     owner
}

func words(s string) []string { return strings.Split(s, ", ") }

var langs = map[string]*lang{
	"lt": {
		kinds:      words("Studija, Dirbtuvės, Asociacija, Kultūros centras, Teatras, Leidykla, Galerija, Bendruomenė, Keramikos studija, Garso studija, Dizaino biuras, Architektų biuras, Žaidimų studija, Mados namai"),
		brands:     words("Žemaitijos, Gintaro, Baltijos, Šilo, Vėjo, Ąžuolo, Jūros, Kopų, Švyturio, Marių, Pajūrio, Aušros, Vilties, Žiburio, Liepos, Saulės, Medžio, Linų, Rasos, Bangos"),
		towns:      words("Klaipėdos, Telšių, Plungės, Rietavo, Kretingos, Palangos, Šilutės, Tauragės, Mažeikių, Skuodo, Neringos, Šiaulių, Kauno, Vilniaus, Jurbarko"),
		female:     words("Rūta, Aušra, Eglė, Gintarė, Jurgita, Inga, Laima, Dalia, Asta, Vaida, Rasa, Giedrė, Ieva, Austėja, Milda, Neringa, Simona, Kristina, Agnė, Greta"),
		male:       words("Jonas, Mindaugas, Žygimantas, Šarūnas, Tomas, Darius, Andrius, Vytautas, Giedrius, Paulius, Linas, Marius, Rokas, Lukas, Dovydas, Karolis, Saulius, Arūnas, Kęstutis, Ignas"),
		surnames:   words("Kazlauskas/Kazlauskienė, Jankauskas/Jankauskienė, Petrauskas/Petrauskienė, Stankevičius/Stankevičienė, Vasiliauskas/Vasiliauskienė, Žukauskas/Žukauskienė, Butkus/Butkienė, Paulauskas/Paulauskienė, Urbonas/Urbonienė, Kavaliauskas/Kavaliauskienė, Baranauskas/Baranauskienė, Pocius/Pocienė, Šimkus/Šimkienė, Lukoševičius/Lukoševičienė, Navickas/Navickienė, Žemaitis/Žemaitienė, Rimkus/Rimkienė, Čepas/Čepienė, Jurgaitis/Jurgaitienė, Dėdinas/Dėdinienė, Adomaitis/Adomaitienė, Bielskis/Bielskienė, Griškevičius/Griškevičienė, Mockus/Mockienė, Ramanauskas/Ramanauskienė, Sabonis/Sabonienė, Kairys/Kairienė, Mažeika/Mažeikienė, Vaitkus/Vaitkienė, Stonys/Stonienė, Budrys/Budrienė, Norkus/Norkienė, Gudaitis/Gudaitienė, Juška/Juškienė, Kalvaitis/Kalvaitienė, Liutkus/Liutkienė, Matulis/Matulienė, Narbutas/Narbutienė, Paškevičius/Paškevičienė, Rutkauskas/Rutkauskienė, Sakalauskas/Sakalauskienė, Tamošiūnas/Tamošiūnienė, Ulevičius/Ulevičienė, Valaitis/Valaitienė, Zabiela/Zabielienė, Žilinskas/Žilinskienė, Balčiūnas/Balčiūnienė, Dambrauskas/Dambrauskienė, Grigas/Grigienė, Lapinskas/Lapinskienė"),
		brandFirst: true, lowerKind: true, townFirst: true, owner: ownerComma,
	},
	"pl": {
		kinds:    words("Pracownia Ceramiki, Fundacja Kultury, Stowarzyszenie Twórców, Studio Nagrań, Teatr, Wydawnictwo, Galeria Sztuki, Studio Projektowe, Dom Kultury, Pracownia Architektoniczna, Agencja Kreatywna, Studio Gier, Pracownia Krawiecka, Kolektyw Artystyczny"),
		brands:   words("Bursztyn, Żagiel, Latarnia, Mewa, Przystań, Kotwica, Wydma, Fala, Świt, Źródło, Korab, Sztorm, Bryza, Jantar, Horyzont, Odra, Zatoka, Muszla, Kaszuby, Mierzeja"),
		towns:    words("Szczecin, Łódź, Gdańsk, Kołobrzeg, Koszalin, Słupsk, Świnoujście, Gdynia, Sopot, Police, Stargard, Goleniów, Darłowo, Międzyzdroje, Ustka"),
		female:   words("Agnieszka, Małgorzata, Zofia, Ewa, Anna, Katarzyna, Joanna, Magdalena, Barbara, Alicja, Natalia, Weronika, Justyna, Dorota, Hanna, Julia, Marta, Izabela, Renata, Beata"),
		male:     words("Łukasz, Paweł, Michał, Jędrzej, Piotr, Tomasz, Krzysztof, Marcin, Jakub, Mateusz, Wojciech, Grzegorz, Bartosz, Kamil, Szymon, Adam, Rafał, Dariusz, Przemysław, Marek"),
		surnames: words("Wójcik, Żółkiewski/Żółkiewska, Dąbrowski/Dąbrowska, Głowacki/Głowacka, Świątek, Łęcki/Łęcka, Kręgiel, Ślusarz, Kowalski/Kowalska, Nowak, Wiśniewski/Wiśniewska, Lewandowski/Lewandowska, Zieliński/Zielińska, Szymański/Szymańska, Woźniak, Kozłowski/Kozłowska, Jankowski/Jankowska, Mazur, Kwiatkowski/Kwiatkowska, Krawczyk, Piotrowski/Piotrowska, Grabowski/Grabowska, Pawłowski/Pawłowska, Michalski/Michalska, Nowicki/Nowicka, Adamczyk, Dudek, Zając, Wieczorek, Jabłoński/Jabłońska, Król, Majewski/Majewska, Olszewski/Olszewska, Jaworski/Jaworska, Wróbel, Malinowski/Malinowska, Pawlak, Witkowski/Witkowska, Walczak, Stępień, Górski/Górska, Rutkowski/Rutkowska, Michalak, Sikora, Ostrowski/Ostrowska, Baran, Duda, Szewczyk, Tomaszewski/Tomaszewska, Pietrzak"),
		owner:    ownerFirst,
	},
	"de": {
		kinds:    words("Atelier, Werkstatt, Kunstverein, Studio, Theater, Verlag, Galerie, Kollektiv, Tonstudio, Designbüro, Architekturbüro, Spielestudio, Kunstwerkstatt, Kulturhaus"),
		brands:   words("Straße der Künste, Ostseeküste, Hanse, Warnow, Küstenlicht, Möwe, Bernstein, Nordwind, Leuchtturm, Düne, Brandung, Kranich, Anker, Seeblick, Strandgut, Fischland, Boddenblick, Lotsenhaus, Backstein, Hafenkante"),
		towns:    words("Rostock, Stralsund, Greifswald, Wismar, Schwerin, Warnemünde, Lübeck, Kiel, Bad Doberan, Güstrow, Anklam, Wolgast, Barth, Ribnitz-Damgarten, Usedom"),
		female:   words("Käthe, Anja, Greta, Sabine, Julia, Katrin, Claudia, Monika, Birgit, Ute, Lena, Miriam, Franziska, Heike, Sophie, Jana, Petra, Nina, Ines, Marlene"),
		male:     words("Jürgen, Björn, Lukas, Sören, Maximilian, Thomas, Stefan, Matthias, Jens, Uwe, Frank, Tobias, Florian, Henrik, Moritz, Felix, Jan, Dirk, Holger, Ole"),
		surnames: words("Müller, Schröder, Weiß, Fröhlich, Groß, Köhler, Bäcker, Straßer, Schmidt, Schneider, Fischer, Meyer, Wagner, Becker, Schulz, Hoffmann, Koch, Richter, Klein, Wolf, Neumann, Schwarz, Zimmermann, Braun, Krüger, Hofmann, Hartmann, Lange, Schmitt, Werner, Krause, Meier, Lehmann, Schmid, Schulze, Maier, Möller, Jäger, Peters, Scholz, Lorenz, Baumann, Franke, Albrecht, Voigt, Petersen, Ahrens, Brandt, Lüdemann, Hansen"),
	},
	"sv": {
		kinds:    words("Ateljé, Verkstad, Förening, Studio, Teater, Förlag, Galleri, Kollektiv, Ljudstudio, Designbyrå, Arkitektkontor, Spelstudio, Konsthantverk, Kulturhus"),
		brands:   words("Östersjö, Skärgård, Hamn, Ljusår, Bärnsten, Våg, Fyrtorn, Kustlinje, Sjöbod, Tångräs, Måsen, Klippan, Strandråg, Ankaret, Horisont, Solvarv, Ekbacken, Fiskeläget, Havsbris, Sälen"),
		towns:    words("Karlshamn, Malmö, Karlskrona, Ronneby, Sölvesborg, Kristianstad, Ystad, Trelleborg, Lund, Helsingborg, Simrishamn, Olofström, Åhus, Kalmar, Växjö"),
		female:   words("Åsa, Märta, Linnéa, Ingrid, Karin, Maja, Elsa, Astrid, Sara, Emma, Ebba, Frida, Johanna, Sofia, Lena, Anna, Hanna, Moa, Klara, Tove"),
		male:     words("Björn, Göran, Sören, Örjan, Lars, Anders, Erik, Nils, Olof, Magnus, Henrik, Johan, Per, Mats, Fredrik, Oskar, Gustav, Axel, Viktor, Jonas"),
		surnames: words("Lindqvist, Ångström, Öberg, Sjöström, Håkansson, Ek, Nordström, Dahl, Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson, Svensson, Gustafsson, Pettersson, Jonsson, Jansson, Hansson, Bengtsson, Jönsson, Lindberg, Jakobsson, Magnusson, Olofsson, Lindström, Lindgren, Axelsson, Berg, Bergström, Lundberg, Lind, Lundgren, Lundqvist, Mattsson, Berglund, Fredriksson, Sandberg, Henriksson, Forsberg, Sjöberg, Wallin, Engström, Eklund, Danielsson, Lundin, Holm"),
	},
	"en": {
		kinds:      words("Studio, Workshop, Arts Centre, Theatre, Press, Gallery, Collective, Sound Studio, Design Office, Architects, Games Studio, Craft Guild, Film Company, Arts Trust"),
		brands:     words("Amber, Harbour, Lighthouse, Seagull, Driftwood, Tideline, North Wind, Dune, Anchor, Saltmarsh, Beacon, Coastline, Shoreline, Breakwater, Estuary, Heron, Pier, Ferry, Compass, Oak"),
		towns:      words("Hull, Dover, Plymouth, Whitby, Aberdeen, Bristol, Brighton, Norwich, Leith, Cork, Galway, Swansea, Oban, Harwich, Grimsby"),
		female:     words("Emma, Olivia, Grace, Sophie, Lucy, Hannah, Chloe, Amy, Ruth, Clare, Helen, Alice, Jane, Rose, Kate, Megan, Laura, Fiona, Eleanor, Isla"),
		male:       words("James, Oliver, Thomas, Harry, George, Jack, William, Daniel, Samuel, Peter, Andrew, David, Mark, Simon, Paul, Owen, Rhys, Callum, Liam, Ewan"),
		surnames:   words("Smith, Jones, Taylor, Brown, Williams, Wilson, Johnson, Davies, Robinson, Wright, Thompson, Evans, Walker, White, Roberts, Green, Hall, Wood, Jackson, Clarke, Patel, Hughes, Edwards, Turner, Hill, Moore, Cooper, Ward, Morris, King, Watson, Harris, Baker, Harrison, Morgan, Young, Allen, Mitchell, Bell, Scott, Murray, Kelly, Price, Bennett, Gray, Shaw, Fletcher, Hunt, Reid, Knight"),
		brandFirst: true, owner: ownerFirst,
	},
}
