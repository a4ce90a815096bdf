package slackbot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/frontdoorhq/frontdoor/checker/intake"
	"github.com/frontdoorhq/frontdoor/integrations/chat"
	"github.com/frontdoorhq/frontdoor/internal/lazyre"
)

// jobFor turns an event into a job, or reports that the event is not for
// the bot: its own messages, edits, other subtypes, files shared outside a
// direct message without a mention.
func (b *Bot) jobFor(team string, inner slackevents.EventsAPIInnerEvent) (job, bool) {
	switch ev := inner.Data.(type) {
	case *slackevents.AppMentionEvent:
		if ev.BotID != "" || ev.User == "" || ev.Edited != nil {
			return job{}, false
		}
		return b.messageJob(team, ev.User, ev.Channel, ev.TimeStamp, ev.ThreadTimeStamp, ev.Text, ev.Files), true
	case *slackevents.MessageEvent:
		// Direct messages only: in channels the bot answers mentions.
		if ev.ChannelType != slackevents.ChannelTypeIM || ev.BotID != "" || ev.User == "" {
			return job{}, false
		}
		if ev.SubType != "" && ev.SubType != "file_share" && ev.SubType != "thread_broadcast" {
			return job{}, false
		}
		var files []slack.File
		if ev.Message != nil {
			files = ev.Message.Files
		}
		return b.messageJob(team, ev.User, ev.Channel, ev.TimeStamp, ev.ThreadTimeStamp, ev.Text, files), true
	case *slackevents.FileSharedEvent:
		// A file dropped into a direct message with the bot. In channels a
		// file is checked only when the bot is mentioned with it.
		if !strings.HasPrefix(ev.ChannelID, "D") || ev.UserID == "" || ev.FileID == "" {
			return job{}, false
		}
		return job{user: ev.UserID, channel: ev.ChannelID, fileIDs: []string{ev.FileID}}, true
	}
	return job{}, false
}

func (b *Bot) messageJob(team, user, channel, ts, threadTS, text string, files []slack.File) job {
	if threadTS == "" {
		threadTS = ts // start a thread under the message: follow-ups go there
	}
	j := job{user: user, channel: channel, ts: ts, threadTS: threadTS, thread: threadKey(team, channel, threadTS), text: cleanText(text)}
	for _, f := range files {
		if f.ID != "" {
			j.fileIDs = append(j.fileIDs, f.ID)
		}
	}
	return j
}

// slackMarkup matches Slack's <...> markup: mentions, channels, links.
var slackMarkup = lazyre.New(`<([^<>|]*)(?:\|([^<>]*))?>`)

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// cleanText turns a Slack message into plain text: mentions (the bot's
// among them) and @here are dropped, channels and links become their
// labels, and Slack's escapes are undone.
func cleanText(s string) string {
	s = slackMarkup.ReplaceAllStringFunc(s, func(m string) string {
		p := slackMarkup.FindStringSubmatch(m)
		target, label := p[1], p[2]
		switch {
		case strings.HasPrefix(target, "@"), strings.HasPrefix(target, "!"):
			return ""
		case strings.HasPrefix(target, "#"):
			if label != "" {
				return "#" + label
			}
			return ""
		case label != "":
			return label
		}
		return strings.TrimPrefix(target, "mailto:")
	})
	return strings.TrimSpace(unescaper.Replace(s))
}

// Messages for files that could not be fetched: they say what to check,
// never the file's content.
const (
	errNoAccess = "could not download the file: check the app has the files:read scope and is in this channel"
	errLogin    = "could not download the file: Slack sent its sign-in page instead. Check the app has the files:read scope and is in this channel"
	errExternal = "files stored outside Slack (Google Drive, OneDrive) are not checked: download it and attach the file itself"
)

// download fetches a job's files with the bot token: files.info for the
// private download URL and size, then the file itself, capped at
// MaxFileSize. An HTML page (Slack's sign-in page, served with status 200
// when the token cannot read the file) is refused, never checked.
func (b *Bot) download(ctx context.Context, j job) []chat.File {
	var out []chat.File
	for i, id := range j.fileIDs {
		if i == b.opts.MaxFiles {
			out = append(out, chat.File{
				Name: fmt.Sprintf("%d more", len(j.fileIDs)-i),
				Err:  fmt.Sprintf("only the first %d files in a message are checked", b.opts.MaxFiles),
			})
			break
		}
		out = append(out, b.downloadOne(ctx, id))
	}
	return out
}

func (b *Bot) downloadOne(ctx context.Context, id string) chat.File {
	ictx, cancel := context.WithTimeout(ctx, b.opts.CallTimeout)
	info, _, _, err := b.api.GetFileInfoContext(ictx, id, 0, 0)
	cancel()
	if err != nil {
		b.log.Warn("slack file info failed", "file_id", id, "error", postErrorKind(err))
		return chat.File{Name: "file", Err: errNoAccess}
	}
	name := info.Name
	if name == "" {
		name = "file"
	}
	limitMB := b.opts.MaxFileSize >> 20
	switch {
	case info.IsExternal:
		return chat.File{Name: name, Err: errExternal}
	case int64(info.Size) > b.opts.MaxFileSize:
		return chat.File{Name: name, Err: fmt.Sprintf("the file is larger than the %d MB limit", limitMB)}
	}
	u := info.URLPrivateDownload
	if u == "" {
		u = info.URLPrivate
	}
	w := &capped{max: b.opts.MaxFileSize}
	dctx, cancel := context.WithTimeout(ctx, 3*b.opts.CallTimeout)
	err = b.api.GetFileContext(dctx, u, w)
	cancel()
	switch {
	case errors.Is(err, errTooLarge):
		return chat.File{Name: name, Err: fmt.Sprintf("the file is larger than the %d MB limit", limitMB)}
	case err != nil && strings.Contains(err.Error(), "sign-in page"):
		return chat.File{Name: name, Err: errLogin}
	case err != nil:
		b.log.Warn("slack file download failed", "file_id", id, "error", postErrorKind(err))
		return chat.File{Name: name, Err: errNoAccess}
	}
	if intake.Sniff(w.buf.Bytes()) == "html" {
		return chat.File{Name: name, Err: errLogin}
	}
	return chat.File{Name: name, Data: w.buf.Bytes()}
}

var errTooLarge = errors.New("file too large")

// capped is a buffer that refuses to grow beyond max bytes.
type capped struct {
	buf bytes.Buffer
	max int64
}

func (c *capped) Write(p []byte) (int, error) {
	if int64(c.buf.Len()+len(p)) > c.max {
		return 0, errTooLarge
	}
	return c.buf.Write(p)
}
