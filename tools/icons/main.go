// Command icons makes the packaging icons from build/appicon.png with the
// standard library only: a 256×256 PNG for the Linux hicolor theme and a
// Windows .ico (PNG-compressed entries of 256, 128, 64, 32 and 16 pixels)
// for the NSIS installer. Sizes are made by halving with a 2×2 box filter,
// so the source should be a power-of-two square of at least 256 pixels.
//
//	go run ./tools/icons -src build/appicon.png -png out/sbcc.png -ico out/sbcc.ico
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
)

func main() {
	src := flag.String("src", "build/appicon.png", "square source PNG")
	pngOut := flag.String("png", "", "write the 256×256 PNG here")
	icoOut := flag.String("ico", "", "write the .ico here")
	flag.Parse()
	if err := run(*src, *pngOut, *icoOut); err != nil {
		fmt.Fprintln(os.Stderr, "icons:", err)
		os.Exit(1)
	}
}

func run(src, pngOut, icoOut string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		return err
	}
	b := img.Bounds()
	if b.Dx() != b.Dy() || b.Dx() < 256 || b.Dx()&(b.Dx()-1) != 0 {
		return fmt.Errorf("%s is %dx%d: want a power-of-two square of 256 or more", src, b.Dx(), b.Dy())
	}
	for img.Bounds().Dx() > 256 {
		img = half(img)
	}
	sizes := map[int][]byte{}
	for cur := img; cur.Bounds().Dx() >= 16; cur = half(cur) {
		var buf bytes.Buffer
		if err := png.Encode(&buf, cur); err != nil {
			return err
		}
		sizes[cur.Bounds().Dx()] = buf.Bytes()
	}
	if pngOut != "" {
		if err := os.WriteFile(pngOut, sizes[256], 0o644); err != nil {
			return err
		}
	}
	if icoOut != "" {
		if err := os.WriteFile(icoOut, ico(sizes, []int{256, 128, 64, 32, 16}), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// half scales img down by two with a 2×2 box filter (premultiplied).
func half(img image.Image) image.Image {
	b := img.Bounds()
	out := image.NewNRGBA(image.Rect(0, 0, b.Dx()/2, b.Dy()/2))
	for y := 0; y < b.Dy()/2; y++ {
		for x := 0; x < b.Dx()/2; x++ {
			var r, g, bl, a uint32
			for _, d := range [4][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
				cr, cg, cb, ca := img.At(b.Min.X+2*x+d[0], b.Min.Y+2*y+d[1]).RGBA()
				r, g, bl, a = r+cr, g+cg, bl+cb, a+ca
			}
			c := color.RGBA64{uint16(r / 4), uint16(g / 4), uint16(bl / 4), uint16(a / 4)}
			out.Set(x, y, c)
		}
	}
	return out
}

// ico writes an icon file whose entries are PNG images (Windows Vista+).
func ico(pngs map[int][]byte, order []int) []byte {
	var buf bytes.Buffer
	w := func(v any) { binary.Write(&buf, binary.LittleEndian, v) }
	w(uint16(0))          // reserved
	w(uint16(1))          // type: icon
	w(uint16(len(order))) // count
	offset := 6 + 16*len(order)
	for _, s := range order {
		dim := uint8(s)
		if s >= 256 {
			dim = 0 // 0 means 256
		}
		w(dim)
		w(dim)
		w(uint8(0))  // palette
		w(uint8(0))  // reserved
		w(uint16(1)) // planes
		w(uint16(32))
		w(uint32(len(pngs[s])))
		w(uint32(offset))
		offset += len(pngs[s])
	}
	for _, s := range order {
		buf.Write(pngs[s])
	}
	return buf.Bytes()
}
