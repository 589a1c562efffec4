; sbcc Windows installer (NSIS 3, built on Linux by scripts/dist.sh).
;
; Per-user install without admin rights into %LOCALAPPDATA%\Programs\sbcc,
; Start-menu and desktop shortcuts, an uninstaller listed under "Apps" that
; keeps the data folder (%APPDATA%\sbcc) unless "Also delete my data" is
; ticked, and a check for the WebView2 runtime that the window needs.
;
; Defines passed with -D: VERSION (shown), VERSION4 (a.b.c.d), EXE (the
; sbcc.exe to install), ICON (.ico), OUTFILE; SIGN optionally, a command
; that signs the file given as %1 (used for the uninstaller).

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!define APPNAME "South Baltic Creative Clusters"
!define SHORTNAME "sbcc"
!define PUBLISHER "South Baltic Creative Clusters"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${SHORTNAME}"
; The WebView2 runtime's client id in EdgeUpdate (the same for every channel
; of the Evergreen runtime).
!define WV2GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

!ifdef SIGN
!uninstfinalize '${SIGN} "%1"' = 0
!endif

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${SHORTNAME}"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey "ProductName" "${APPNAME}"
VIAddVersionKey "FileDescription" "${APPNAME} installer"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\sbcc.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${APPNAME} now"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!define MUI_COMPONENTSPAGE_TEXT_TOP "Your directory data (records, settings and backups in $APPDATA\sbcc) is kept unless you tick the box below. Keep it if you will install sbcc again: the next version opens it as it is."
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

; WebView2 is installed when EdgeUpdate lists a version ("pv") of the
; runtime per machine (64-bit or 32-bit registry view) or per user.
Function HasWebView2
	Push $0
	SetRegView 64
	ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WV2GUID}" "pv"
	${If} $0 == ""
	${OrIf} $0 == "0.0.0.0"
		ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WV2GUID}" "pv"
	${EndIf}
	${If} $0 == ""
	${OrIf} $0 == "0.0.0.0"
		ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WV2GUID}" "pv"
	${EndIf}
	SetRegView lastused
	${If} $0 == "0.0.0.0"
		StrCpy $0 ""
	${EndIf}
	Exch $0
FunctionEnd

Function .onInit
	Call HasWebView2
	Pop $0
	${If} $0 == ""
		MessageBox MB_YESNO|MB_ICONEXCLAMATION "The Microsoft Edge WebView2 Runtime was not found on this computer. \
			${APPNAME} needs it to show its window (Windows 11 and up-to-date Windows 10 include it).$\r$\n$\r$\n\
			What to do: ask your IT department for the $\"WebView2 Runtime Evergreen Standalone Installer$\" (x64), \
			an offline installer that needs no internet connection, or install the pending Windows updates. \
			Then start ${APPNAME} again: no need to reinstall it.$\r$\n$\r$\n\
			Until then, the sbcc command in a terminal works (sbcc --help), and $\"sbcc serve$\" shows the directory in any web browser.$\r$\n$\r$\n\
			Install ${APPNAME} now anyway?" /SD IDYES IDYES +2
		Abort
	${EndIf}
FunctionEnd

Section "${APPNAME}" SecMain
	SectionIn RO
	SetOutPath "$INSTDIR"
	File "/oname=sbcc.exe" "${EXE}"
	WriteUninstaller "$INSTDIR\uninstall.exe"

	CreateDirectory "$SMPROGRAMS\${APPNAME}"
	CreateShortcut "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk" "$INSTDIR\sbcc.exe" "" "$INSTDIR\sbcc.exe" 0
	CreateShortcut "$SMPROGRAMS\${APPNAME}\Uninstall ${APPNAME}.lnk" "$INSTDIR\uninstall.exe"
	CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\sbcc.exe" "" "$INSTDIR\sbcc.exe" 0

	WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
	WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\sbcc.exe"
	WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
	WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" "$\"$INSTDIR\uninstall.exe$\""
	WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" "$\"$INSTDIR\uninstall.exe$\" /S"
	WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
	WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
SectionEnd

Section "un.${APPNAME} (the program)" UnSecMain
	SectionIn RO
	Delete "$DESKTOP\${APPNAME}.lnk"
	Delete "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk"
	Delete "$SMPROGRAMS\${APPNAME}\Uninstall ${APPNAME}.lnk"
	RMDir "$SMPROGRAMS\${APPNAME}"
	Delete "$INSTDIR\sbcc.exe"
	Delete "$INSTDIR\uninstall.exe"
	RMDir "$INSTDIR"
	DeleteRegKey HKCU "${UNINSTKEY}"
SectionEnd

; Unticked by default, also in a silent uninstall (/S).
Section /o "un.Also delete my data ($APPDATA\sbcc)" UnSecData
	RMDir /r "$APPDATA\sbcc"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
	!insertmacro MUI_DESCRIPTION_TEXT ${UnSecMain} "Removes the program, its shortcuts and its entry in Apps."
	!insertmacro MUI_DESCRIPTION_TEXT ${UnSecData} "Deletes every record, setting, network key and backup that sbcc kept in $APPDATA\sbcc on this computer. It cannot be undone. Copies held by partner offices are not affected."
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
