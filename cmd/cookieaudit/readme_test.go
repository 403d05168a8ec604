package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"

	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/cmd/internal/app"
)

// readmeBlock is a fenced code block of the README.
type readmeBlock struct {
	lang, text string
	line       int // where its text starts
}

// readmeBlocks returns the README's fenced code blocks.
func readmeBlocks(t *testing.T) []readmeBlock {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var blocks []readmeBlock
	var cur *readmeBlock
	for i, line := range strings.Split(string(data), "\n") {
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &readmeBlock{lang: strings.TrimPrefix(line, "```"), line: i + 2}
		case cur != nil && line == "```":
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.text += line + "\n"
		}
	}
	if cur != nil {
		t.Fatalf("README: the block opened on line %d is never closed", cur.line-1)
	}
	return blocks
}

// readmeYAML returns the README's YAML blocks that contain marker.
func readmeYAML(t *testing.T, marker string) []readmeBlock {
	t.Helper()
	var out []readmeBlock
	for _, b := range readmeBlocks(t) {
		if b.lang == "yaml" && strings.Contains(b.text, marker) {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		t.Fatalf("README has no YAML block with %q", marker)
	}
	return out
}

// TestREADMEWorkflowLints lints the README's GitHub Actions workflow with
// actionlint, as GitHub would reject it, and checks the cookieaudit
// command lines of its steps.
func TestREADMEWorkflowLints(t *testing.T) {
	for _, b := range readmeYAML(t, "\njobs:") {
		linter, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		errs, err := linter.Lint("README.md:"+strconv.Itoa(b.line)+".yaml", []byte(b.text), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range errs {
			t.Errorf("README line %d: %s [%s]", b.line+e.Line-1, e.Message, e.Kind)
		}
		w, _ := actionlint.Parse([]byte(b.text))
		if w == nil {
			continue
		}
		for _, job := range w.Jobs {
			for _, step := range job.Steps {
				if run, ok := step.Exec.(*actionlint.ExecRun); ok && run.Run != nil {
					checkCommandLines(t, b.line+run.Run.Pos.Line-1, run.Run.Value)
				}
			}
		}
	}
}

// TestREADMEConfigExample reads the README's config example as a scan
// would.
func TestREADMEConfigExample(t *testing.T) {
	for _, b := range readmeYAML(t, "\nsites:") {
		if _, err := app.ParseConfig("README.md", []byte(b.text)); err != nil {
			t.Errorf("README line %d: %v", b.line, err)
		}
	}
}

// TestREADMEReportSchema decodes the README's JSON report example into the
// report type, refusing any field the type does not have.
func TestREADMEReportSchema(t *testing.T) {
	n := 0
	for _, b := range readmeBlocks(t) {
		if b.lang != "json" {
			continue
		}
		n++
		dec := json.NewDecoder(strings.NewReader(b.text))
		dec.DisallowUnknownFields()
		var r report.Report
		if err := dec.Decode(&r); err != nil {
			t.Errorf("README line %d: %v", b.line, err)
		} else if r.Schema != report.Schema {
			t.Errorf("README line %d: schema %q, want %q", b.line, r.Schema, report.Schema)
		}
	}
	if n == 0 {
		t.Fatal("README has no JSON example")
	}
}

// TestREADMECommandsParse parses every cookieaudit command line of the
// README's shell examples with the real commands and flags, and checks
// that every make target they name exists.
func TestREADMECommandsParse(t *testing.T) {
	n := 0
	for _, b := range readmeBlocks(t) {
		if b.lang == "sh" {
			n += checkCommandLines(t, b.line, b.text)
		}
	}
	if n < 10 {
		t.Errorf("only %d commands checked in the README's shell examples", n)
	}
}

var (
	// shellExpansions are the expansions the README's commands use, which
	// stand for one word each: ${{ matrix.shard }}, $((N + 1)), $VAR.
	shellExpansions = regexp.MustCompile(`\$\{\{[^}]*\}\}|\$\(\([^)]*\)\)|\$[A-Z_]+`)
	makeTarget      = regexp.MustCompile(`(?m)^([a-z][a-z-]*):`)
)

// checkCommandLines checks the cookieaudit and make commands in a piece of
// shell text starting at README line first, and returns how many it checked.
func checkCommandLines(t *testing.T, first int, text string) int {
	t.Helper()
	makefile, err := os.ReadFile(filepath.Join("..", "..", "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	targets := map[string]bool{}
	for _, m := range makeTarget.FindAllStringSubmatch(string(makefile), -1) {
		targets[m[1]] = true
	}
	n := 0
	text = strings.ReplaceAll(text, "\\\n", " ")
	for i, line := range strings.Split(text, "\n") {
		for _, cmd := range strings.Split(line, "&&") {
			words := strings.Fields(shellExpansions.ReplaceAllString(cmd, "1"))
			for j, w := range words {
				if strings.HasPrefix(w, "#") || w == ">" || w == "|" {
					words = words[:j]
					break
				}
			}
			for len(words) > 0 && strings.Contains(words[0], "=") && !strings.HasPrefix(words[0], "-") {
				words = words[1:] // VAR=value
			}
			if len(words) == 0 {
				continue
			}
			switch strings.TrimPrefix(words[0], "./bin/") {
			case "cookieaudit":
				n++
				if err := parseCommandLine(words[1:]); err != nil {
					t.Errorf("README line %d: %s: %v", first+i, strings.Join(words, " "), err)
				}
			case "make":
				n++
				for _, w := range words[1:] {
					if !strings.Contains(w, "=") && !targets[w] {
						t.Errorf("README line %d: make %s: no such target in the Makefile", first+i, w)
					}
				}
			}
		}
	}
	return n
}

// parseCommandLine finds the command args name and parses its flags, as
// running it would before doing anything.
func parseCommandLine(args []string) error {
	var out bytes.Buffer
	root := newRootCmd(&globalOptions{stdout: &out, stderr: &out})
	cmd, rest, err := root.Find(args)
	if err != nil {
		return err
	}
	if err := cmd.ParseFlags(rest); err != nil {
		return err
	}
	return cmd.ValidateArgs(cmd.Flags().Args())
}

// The Kubernetes objects the README's manifest may use: the fields of the
// API types (batch/v1 CronJob, core/v1 PodSpec) that it sets, with their
// JSON names. Decoding with KnownFields refuses any other field, as the API
// server's strict field validation does. k8s.io/api itself is not used: it
// and apimachinery (277 packages) took 9 minutes to build here, against
// seconds for the rest of the tests.
type (
	k8sCronJob struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Metadata   struct {
			Name string `yaml:"name"`
		} `yaml:"metadata"`
		Spec struct {
			Schedule          string `yaml:"schedule"`
			ConcurrencyPolicy string `yaml:"concurrencyPolicy"`
			JobTemplate       struct {
				Spec k8sJobSpec `yaml:"spec"`
			} `yaml:"jobTemplate"`
		} `yaml:"spec"`
	}
	k8sJobSpec struct {
		Completions    int    `yaml:"completions"`
		Parallelism    int    `yaml:"parallelism"`
		CompletionMode string `yaml:"completionMode"`
		Template       struct {
			Spec k8sPodSpec `yaml:"spec"`
		} `yaml:"template"`
	}
	k8sPodSpec struct {
		RestartPolicy string `yaml:"restartPolicy"`
		Containers    []struct {
			Name    string   `yaml:"name"`
			Image   string   `yaml:"image"`
			Command []string `yaml:"command"`
			Args    []string `yaml:"args"`
			Env     []struct {
				Name      string `yaml:"name"`
				Value     string `yaml:"value"`
				ValueFrom *struct {
					FieldRef struct {
						FieldPath string `yaml:"fieldPath"`
					} `yaml:"fieldRef"`
				} `yaml:"valueFrom"`
			} `yaml:"env"`
			VolumeMounts []struct {
				Name      string `yaml:"name"`
				MountPath string `yaml:"mountPath"`
			} `yaml:"volumeMounts"`
		} `yaml:"containers"`
		Volumes []struct {
			Name      string `yaml:"name"`
			ConfigMap *struct {
				Name string `yaml:"name"`
			} `yaml:"configMap"`
			PersistentVolumeClaim *struct {
				ClaimName string `yaml:"claimName"`
			} `yaml:"persistentVolumeClaim"`
		} `yaml:"volumes"`
	}
)

// downwardFieldPath matches the pod fields an environment variable may be
// read from (the downward API).
var downwardFieldPath = regexp.MustCompile(`^(metadata\.(name|namespace|uid)|metadata\.(labels|annotations)\['[A-Za-z0-9./_-]+'\]|spec\.(nodeName|serviceAccountName)|status\.(hostIP|hostIPs|podIP|podIPs))$`)

// TestREADMEKubernetesManifest decodes the README's Kubernetes manifest
// strictly, checks the values the API server would refuse, and parses the
// cookieaudit command its container runs.
func TestREADMEKubernetesManifest(t *testing.T) {
	for _, b := range readmeYAML(t, "apiVersion:") {
		var cj k8sCronJob
		dec := yaml.NewDecoder(strings.NewReader(b.text))
		dec.KnownFields(true)
		if err := dec.Decode(&cj); err != nil {
			t.Errorf("README line %d: %v", b.line, err)
			continue
		}
		check := func(ok bool, format string, args ...any) {
			if !ok {
				t.Errorf("README line %d: "+format, append([]any{b.line}, args...)...)
			}
		}
		check(cj.APIVersion == "batch/v1" && cj.Kind == "CronJob", "%s %s, want a batch/v1 CronJob", cj.APIVersion, cj.Kind)
		check(cj.Metadata.Name != "", "the CronJob has no name")
		_, err := cron.ParseStandard(cj.Spec.Schedule)
		check(err == nil, "schedule %q: %v", cj.Spec.Schedule, err)
		check(slices.Contains([]string{"", "Allow", "Forbid", "Replace"}, cj.Spec.ConcurrencyPolicy), "concurrencyPolicy %q", cj.Spec.ConcurrencyPolicy)
		job := cj.Spec.JobTemplate.Spec
		check(job.CompletionMode == "Indexed" && job.Completions > 0 && job.Parallelism > 0, "want an Indexed Job with completions and parallelism")
		pod := job.Template.Spec
		check(slices.Contains([]string{"OnFailure", "Never"}, pod.RestartPolicy), "a Job's restartPolicy must be OnFailure or Never, not %q", pod.RestartPolicy)
		volumes := map[string]bool{}
		for _, v := range pod.Volumes {
			check((v.ConfigMap == nil) != (v.PersistentVolumeClaim == nil), "volume %s needs one source", v.Name)
			volumes[v.Name] = true
		}
		check(len(pod.Containers) > 0, "no container")
		for _, c := range pod.Containers {
			check(c.Name != "" && c.Image != "", "a container needs a name and an image")
			for _, m := range c.VolumeMounts {
				check(volumes[m.Name], "container %s mounts volume %q, which the pod does not have", c.Name, m.Name)
			}
			for _, e := range c.Env {
				check(e.ValueFrom == nil || downwardFieldPath.MatchString(e.ValueFrom.FieldRef.FieldPath), "env %s reads %q, not a field the downward API offers", e.Name, e.ValueFrom.FieldRef.FieldPath)
			}
			check(slices.Equal(c.Command, []string{"sh", "-c"}) && len(c.Args) == 1, "container %s: want sh -c and one script", c.Name)
			if checkCommandLines(t, b.line, strings.Join(c.Args, " ")) == 0 {
				t.Errorf("README line %d: container %s runs no cookieaudit command", b.line, c.Name)
			}
		}
	}
}

// TestMakeDepsUsesTheBrowserOnPath runs `make chromium` (part of `make
// deps`) with a PATH of stand-ins: a usable Chrome or Chromium on PATH
// means nothing is installed; apt-get installs one only when none answers.
func TestMakeDepsUsesTheBrowserOnPath(t *testing.T) {
	makePath, err := exec.LookPath("make")
	if err != nil {
		t.Fatal(err)
	}
	idPath, err := exec.LookPath("id")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		tools map[string]string // name: shell script body
		want  string
		apt   string // apt-get's calls, "" for none
	}{
		{"Google Chrome on a CI runner", map[string]string{"google-chrome": `echo "Google Chrome 156.0.8078.114"`, "apt-get": aptLog},
			"chromium: found BIN/google-chrome\n", ""},
		{"a chromium that does not start", map[string]string{"chromium": "exit 127", "apt-get": aptLog, "sudo": `exec "$@"`},
			"chromium: none found; installing chromium-headless-shell chromium with apt-get\n", "update -qq\ninstall -y -qq chromium-headless-shell chromium\n"},
		{"no browser and no apt-get", map[string]string{},
			"chromium: none found on PATH (chromium-headless-shell headless_shell chromium chromium-browser google-chrome google-chrome-stable chrome); install Chrome or Chromium, or pass --browser PATH\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bin := t.TempDir()
			if err := os.Symlink(idPath, filepath.Join(bin, "id")); err != nil {
				t.Fatal(err)
			}
			for name, body := range tt.tools {
				if err := os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.Command(makePath, "-s", "-C", filepath.Join("..", ".."), "chromium")
			cmd.Env = []string{"PATH=" + bin, "APT_LOG=" + filepath.Join(bin, "apt.log")}
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("make chromium: %v\n%s", err, out)
			}
			if want := strings.ReplaceAll(tt.want, "BIN", bin); string(out) != want {
				t.Errorf("make chromium said:\n%s\nwant:\n%s", out, want)
			}
			apt, _ := os.ReadFile(filepath.Join(bin, "apt.log"))
			if string(apt) != tt.apt {
				t.Errorf("apt-get was run with:\n%s\nwant:\n%s", apt, tt.apt)
			}
		})
	}
}

// aptLog is a stand-in apt-get that records its arguments.
const aptLog = `echo "$*" >> "$APT_LOG"`
