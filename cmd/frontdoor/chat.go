package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/urfave/cli/v2"

	"github.com/frontdoorhq/frontdoor/checker/intake"
	"github.com/frontdoorhq/frontdoor/integrations/chat"
)

func chatCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "chat",
		Usage: "ask which route a concern needs, check a referral or explain a rule, in the terminal",
		Description: `The chat bot's engine in the terminal, with no accounts: each line is a message,
and later lines refine the answer to the concern, as in a Slack thread.

  Year 4 boy says dad hit him with a belt    a concern: the route, why, next steps
  she is 12                                  a follow-up: the answer refined
  explain FD704 | contacts mash | help       a rule, who to call, what else it does
  /file draft.docx                           check a referral (any format frontdoor reads)
  """                                        start or end a message of several lines (a pasted referral)
  /new                                       forget the conversation;  /quit ends

Example:
   printf 'Mum says he is often hungry\nHe told me dad hits him\n' | frontdoor chat`,
		Flags: []cli.Flag{guidanceFlag},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("chat: takes no arguments; type messages on stdin")
			}
			p, err := loadPack(c, e)
			if err != nil {
				return err
			}
			rd, err := newReader(e)
			if err != nil {
				return err
			}
			defer rd.Close()
			ans, err := chatAnswerer(e, p)
			if err != nil {
				return err
			}
			eng, err := chat.New(chat.Options{Pack: p, Reader: rd, Answerer: ans})
			if err != nil {
				return err
			}
			return runChat(c.Context, e, eng)
		},
	}
}

// runChat reads messages from stdin until it ends, /quit or ctx is done,
// and writes each answer as plain text.
func runChat(ctx context.Context, e *env, eng *chat.Engine) error {
	f, ok := e.stdin.(*os.File)
	interactive := ok && isatty.IsTerminal(f.Fd())
	if interactive {
		fmt.Fprintln(e.stderr, `frontdoor chat: describe a concern, or type help. /file PATH checks a referral, """ starts a pasted block, /new starts afresh, /quit ends.`)
	}
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(e.stdin)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		readErr <- sc.Err()
		close(lines)
	}()
	const thread = "terminal"
	var block []string
	inBlock, answered := false, false
	prompt := func() {
		if interactive {
			if inBlock {
				fmt.Fprint(e.stderr, "... ")
			} else {
				fmt.Fprint(e.stderr, "> ")
			}
		}
	}
	prompt()
	for {
		var line string
		select {
		case <-ctx.Done():
			return nil
		case l, more := <-lines:
			if !more {
				if err := <-readErr; err != nil {
					return fmt.Errorf("chat: read stdin: %w", err)
				}
				return nil
			}
			line = l
		}
		trimmed := strings.TrimSpace(line)
		pasted := false
		switch {
		case trimmed == `"""` && !inBlock:
			inBlock = true
			prompt()
			continue
		case trimmed == `"""`:
			inBlock, pasted = false, true
			line, block = strings.Join(block, "\n"), nil
		case inBlock:
			block = append(block, line)
			prompt()
			continue
		case trimmed == "":
			prompt()
			continue
		case trimmed == "/quit" || trimmed == "/exit":
			return nil
		}
		m := chat.Message{Thread: thread, Text: line}
		switch {
		case pasted:
		case trimmed == "/new":
			m.Text = "new"
		case strings.HasPrefix(trimmed, "/file"):
			path := strings.TrimSpace(strings.TrimPrefix(trimmed, "/file"))
			if path == "" {
				fmt.Fprintln(e.stderr, "frontdoor: /file needs a path: /file draft.docx")
				prompt()
				continue
			}
			m.Text, m.Files = "", []chat.File{readChatFile(path)}
		}
		if answered {
			fmt.Fprintln(e.stdout)
		}
		if _, err := io.WriteString(e.stdout, chat.Text(eng.Handle(ctx, m))); err != nil {
			return err
		}
		answered = true
		prompt()
	}
}

// readChatFile reads a file to attach, within intake's size cap.
func readChatFile(path string) chat.File {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return chat.File{Name: name, Err: "cannot open: " + errText(err)}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, intake.DefaultMaxSize+1))
	switch {
	case err != nil:
		return chat.File{Name: name, Err: "cannot read: " + errText(err)}
	case len(data) > intake.DefaultMaxSize:
		return chat.File{Name: name, Err: fmt.Sprintf("file is larger than the %d MB limit", intake.DefaultMaxSize>>20)}
	}
	return chat.File{Name: name, Data: data}
}
