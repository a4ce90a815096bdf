package report

import (
	"encoding/json"
	"io"
	"path/filepath"

	"github.com/frontdoorhq/frontdoor/checker"
)

// SARIF 2.1.0 output: one log with one run, every rule of the catalogue in
// the driver, one result per finding, and unreadable inputs as tool
// execution notifications.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	Help                 sarifText         `json:"help"`
	DefaultConfiguration map[string]string `json:"defaultConfiguration"`
	Properties           map[string]string `json:"properties,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID     string          `json:"ruleId"`
	RuleIndex  int             `json:"ruleIndex"`
	Level      string          `json:"level"`
	Message    sarifText       `json:"message"`
	Locations  []sarifLocation `json:"locations"`
	Properties map[string]any  `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifWriter struct {
	w       io.Writer
	opts    Options
	results []sarifResult
	notes   []sarifNotification
}

func sarifLevel(s checker.Severity) string {
	switch s {
	case checker.Error:
		return "error"
	case checker.Warning:
		return "warning"
	}
	return "note"
}

func (s *sarifWriter) Write(r checker.Result) error {
	uri := filepath.ToSlash(displayName(r.File))
	if r.Error != "" {
		s.notes = append(s.notes, sarifNotification{Level: "error", Message: sarifText{r.Error},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}}}}})
		return nil
	}
	for _, f := range visible(r.Findings, s.opts.MinSeverity) {
		loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}}}
		if f.Location.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Location.Line}
		}
		props := map[string]any{"field": f.Field, "name": f.Name}
		if f.Evidence != "" {
			props["evidence"] = f.Evidence
		}
		if f.Location.Page > 0 {
			props["page"] = f.Location.Page
		}
		s.results = append(s.results, sarifResult{RuleID: f.Rule, RuleIndex: ruleIndex(f.Rule), Level: sarifLevel(f.Severity),
			Message: sarifText{f.Message}, Locations: []sarifLocation{loc}, Properties: props})
	}
	return nil
}

func ruleIndex(id string) int {
	for i, r := range checker.Rules() {
		if r.ID == id {
			return i
		}
	}
	return -1
}

func (s *sarifWriter) Close() error {
	var rules []sarifRule
	for _, r := range checker.Rules() {
		rules = append(rules, sarifRule{ID: r.ID, Name: r.Name, ShortDescription: sarifText{r.Message},
			FullDescription: sarifText{r.Why}, Help: sarifText{r.Fix},
			DefaultConfiguration: map[string]string{"level": sarifLevel(r.Severity)},
			Properties:           map[string]string{"area": r.Area, "field": r.Field, "source": r.Source}})
	}
	if s.results == nil {
		s.results = []sarifResult{}
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{Name: "frontdoor", Version: s.opts.Version,
				InformationURI: "https://github.com/frontdoorhq/frontdoor", Rules: rules}},
			Invocations: []sarifInvocation{{ExecutionSuccessful: len(s.notes) == 0, ToolExecutionNotifications: s.notes}},
			Results:     s.results,
		}},
	}
	b, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		return err
	}
	_, err = s.w.Write(append(b, '\n'))
	return err
}
