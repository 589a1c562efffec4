package web

// Surface is the UI API: the façade methods (of ui.API) that the browser
// interface may call, by name. It is declared here rather than taken from
// every exported method, so that the surface is read in one place and a
// method added to the façade is not exposed by accident;
// TestFrontendMatchesSurface fails when the frontend calls a method that is
// not here, with a different number of arguments, or reads a field the Go
// answer does not have.
var Surface = []string{
	// Directory
	"Status", "Meta", "Search", "Actor", "SaveActor", "SaveConsent", "Delete", "Restore", "Erase",
	"Conflicts", "Resolve", "Settings", "SaveSettings", "LoadDemo", "RemoveDemo", "WebFingerprint",
	"Places", "SimilarActors", "DeletedRecords", "UndoChange", "NetworkState", "InviteInfo",
	// Import wizard, exports, backup, GDPR
	"ImportOpen", "ImportChooseSheet", "ImportSetMapping", "ImportRun", "ImportClose", "ImportUndo", "Imports",
	"Export", "ExportExcelCSV", "Backup", "RestoreBackup", "Subject", "ExpiringConsents",
	// Network of actors: graph, map, links, events, posts, matchmaking, indicators
	"NetworkMeta", "Graph", "MapPoints", "MapClusters", "Links", "SaveLink", "DeleteLink", "Activity", "Matches", "MatchToLink",
	"ListEvents", "EventsPage", "FindEvents", "Event", "SaveEvent", "Register", "SetAttendance",
	"ListPosts", "PostsPage", "SavePost", "ExpressInterest", "Indicators", "IndicatorFigures", "IndicatorRecords", "IndicatorsCSV",
	// Forums: speed dating; the published catalogue
	"ForumMeta", "SpeedDating", "SaveSession", "SaveWish", "DeleteWish", "SessionSuggestions", "PlanSession",
	"RecordMeeting", "PublishCatalogue",
	// Sync between offices
	"Peers", "NetworkCreate", "NetworkJoin", "NetworkInvite", "NetworkRotate",
	"SyncFileOffices", "SyncFileSave", "SyncFileLoad",
}
