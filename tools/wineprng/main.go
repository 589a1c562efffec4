// Command wineprng writes bcryptprimitives.dll for testing sbcc.exe under
// Wine 8 (Debian 12), which lacks that DLL. Go 1.24+ programs need its
// ProcessPrng at start-up and die with "bcryptprimitives.dll not found"
// without it. The file written is a PE32+ DLL with no code at all: its only
// export forwards ProcessPrng to advapi32.SystemFunction036 (RtlGenRandom),
// which has the same calling shape on amd64 (buffer pointer, length; non-zero
// on success). Copy it into the Wine prefix's windows/system32 folder: the Go
// runtime loads it from the system folder only. Test use only — real Windows
// 10 and 11 ship the DLL.
//
//	go run ./tools/wineprng -o $WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
)

func main() {
	out := flag.String("o", "bcryptprimitives.dll", "file to write")
	flag.Parse()
	if err := os.WriteFile(*out, dll(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "wineprng:", err)
		os.Exit(1)
	}
}

const (
	fileAlign = 0x200
	sectAlign = 0x1000
	edataRVA  = 0x1000
)

// dll builds the image: headers in the first 0x200 bytes, one .edata
// section holding the export directory and its forwarder string.
func dll() []byte {
	ed := exportData()
	var b bytes.Buffer
	// DOS header: "MZ", e_lfanew at 0x3c.
	dos := make([]byte, 0x40)
	copy(dos, "MZ")
	binary.LittleEndian.PutUint32(dos[0x3c:], 0x40)
	b.Write(dos)
	b.WriteString("PE\x00\x00")
	writeHeaders(&b, len(ed))
	if b.Len() > fileAlign {
		panic("wineprng: headers too long")
	}
	b.Write(make([]byte, fileAlign-b.Len()))
	b.Write(ed)
	b.Write(make([]byte, 2*fileAlign-b.Len()))
	return b.Bytes()
}

// exportData returns the .edata section's contents, laid out from
// edataRVA: the export directory, its three one-entry tables and the
// strings, the function's address pointing at the forwarder string.
func exportData() []byte {
	const (
		dirSize   = 40
		eatOff    = dirSize      // 1 × uint32
		namesOff  = eatOff + 4   // 1 × uint32
		ordsOff   = namesOff + 4 // 1 × uint16
		stringOff = ordsOff + 2
	)
	dllName := "bcryptprimitives.dll\x00"
	fnName := "ProcessPrng\x00"
	forward := "advapi32.SystemFunction036\x00"
	dllNameOff := stringOff
	fnNameOff := dllNameOff + len(dllName)
	forwardOff := fnNameOff + len(fnName)
	edataSize := forwardOff + len(forward)

	var ed bytes.Buffer
	le := func(v any) { binary.Write(&ed, binary.LittleEndian, v) }
	le(uint32(0))                     // Characteristics
	le(uint32(0))                     // TimeDateStamp
	le(uint16(0))                     // MajorVersion
	le(uint16(0))                     // MinorVersion
	le(uint32(edataRVA + dllNameOff)) // Name
	le(uint32(1))                     // Base
	le(uint32(1))                     // NumberOfFunctions
	le(uint32(1))                     // NumberOfNames
	le(uint32(edataRVA + eatOff))     // AddressOfFunctions
	le(uint32(edataRVA + namesOff))   // AddressOfNames
	le(uint32(edataRVA + ordsOff))    // AddressOfNameOrdinals
	le(uint32(edataRVA + forwardOff)) // EAT[0]: inside the export range, so a forwarder
	le(uint32(edataRVA + fnNameOff))  // names[0]
	le(uint16(0))                     // ordinals[0]
	ed.WriteString(dllName + fnName + forward)
	if ed.Len() != edataSize {
		panic("wineprng: layout")
	}
	return ed.Bytes()
}

// writeHeaders writes the COFF header, the PE32+ optional header and the
// one section header of an image whose .edata holds edataSize bytes.
func writeHeaders(b *bytes.Buffer, edataSize int) {
	w := func(v any) { binary.Write(b, binary.LittleEndian, v) }
	// COFF header.
	w(uint16(0x8664)) // AMD64
	w(uint16(1))      // sections
	w(uint32(0))      // timestamp
	w(uint32(0))      // symbol table
	w(uint32(0))      // symbols
	w(uint16(240))    // optional header size
	w(uint16(0x2022)) // EXECUTABLE_IMAGE | LARGE_ADDRESS_AWARE | DLL
	// Optional header, PE32+.
	w(uint16(0x20b))
	w(uint8(14)) // linker version
	w(uint8(0))
	w(uint32(0))         // SizeOfCode
	w(uint32(fileAlign)) // SizeOfInitializedData
	w(uint32(0))         // SizeOfUninitializedData
	w(uint32(0))         // AddressOfEntryPoint: none
	w(uint32(edataRVA))  // BaseOfCode
	w(uint64(0x180000000))
	w(uint32(sectAlign))
	w(uint32(fileAlign))
	w(uint16(6)) // OS version
	w(uint16(0))
	w(uint16(0)) // image version
	w(uint16(0))
	w(uint16(6)) // subsystem version
	w(uint16(0))
	w(uint32(0))                    // Win32VersionValue
	w(uint32(edataRVA + sectAlign)) // SizeOfImage
	w(uint32(fileAlign))            // SizeOfHeaders
	w(uint32(0))                    // CheckSum
	w(uint16(3))                    // console subsystem (unused for a DLL)
	w(uint16(0x100))                // NX_COMPAT
	w(uint64(0x100000))             // stack reserve
	w(uint64(0x1000))               // stack commit
	w(uint64(0x100000))             // heap reserve
	w(uint64(0x1000))               // heap commit
	w(uint32(0))                    // LoaderFlags
	w(uint32(16))                   // NumberOfRvaAndSizes
	w(uint32(edataRVA))             // [0] export table
	w(uint32(edataSize))
	for i := 1; i < 16; i++ {
		w(uint64(0))
	}
	// Section header.
	b.WriteString(".edata\x00\x00")
	w(uint32(edataSize)) // VirtualSize
	w(uint32(edataRVA))  // VirtualAddress
	w(uint32(fileAlign)) // SizeOfRawData
	w(uint32(fileAlign)) // PointerToRawData
	w(uint32(0))         // relocations
	w(uint32(0))         // line numbers
	w(uint16(0))
	w(uint16(0))
	w(uint32(0x40000040)) // INITIALIZED_DATA | MEM_READ
}
