// Package plain formats numbers, sizes and durations for messages read by
// people who are not programmers: "1,000,000,000", "60 MB", "4 seconds".
package plain

import (
	"strconv"
	"strings"
	"time"
)

// Count writes n with thousands separators: 2000000000 → "2,000,000,000".
func Count[T ~int | ~int64 | ~uint64](n T) string {
	var s string
	if n < 0 {
		return "-" + Count(-int64(n))
	}
	s = strconv.FormatUint(uint64(n), 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	head := len(s) % 3
	if head > 0 {
		b.WriteString(s[:head])
	}
	for i := head; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// Size writes a byte count in the unit people see in their file manager:
// "750 bytes", "12 KB", "2.5 MB", "60 MB", "1,048,576 MB". A megabyte is
// 1,048,576 bytes, as the limits are set; whole megabytes have no
// decimals, so that a size just over a limit ("1.0 MB") differs from it
// ("1 MB").
func Size[T ~int | ~int64 | ~uint64](n T) string {
	const kb, mb = 1 << 10, 1 << 20
	switch u := uint64(max(n, 0)); {
	case u < kb:
		if u == 1 {
			return "1 byte"
		}
		return Count(u) + " bytes"
	case u < mb:
		return Count((u+kb/2)/kb) + " KB"
	case u%mb == 0:
		return Count(u/mb) + " MB"
	case u < 100*mb:
		return strconv.FormatFloat(float64(u)/mb, 'f', 1, 64) + " MB"
	default:
		return Count((u+mb/2)/mb) + " MB"
	}
}

// Duration writes d in words: "4 seconds", "1.5 seconds", "500
// milliseconds", "2 minutes".
func Duration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0 seconds"
	case d < time.Second:
		return unit(strconv.FormatInt(d.Milliseconds(), 10), "millisecond")
	case d >= time.Minute && d%time.Minute == 0:
		return unit(strconv.FormatInt(int64(d/time.Minute), 10), "minute")
	}
	return unit(strconv.FormatFloat(d.Seconds(), 'f', -1, 64), "second")
}

func unit(n, name string) string {
	if n == "1" {
		return "1 " + name
	}
	return n + " " + name + "s"
}
