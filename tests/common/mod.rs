//! A small builder for exact-output tests of the `macrame` binary: write
//! files into a fresh directory, run a command there, compare what it
//! prints and how it exits.

#![allow(dead_code)]

pub mod bed;
pub mod claims;
pub mod nodes;
pub mod vm;

use assert_cmd::Command;
use std::path::Path;

pub struct Test {
    dir: tempfile::TempDir,
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdout: Option<String>,
    stdout_contains: Vec<String>,
    stderr_contains: Vec<String>,
    status: i32,
}

impl Test {
    pub fn new() -> Self {
        Self {
            dir: tempfile::Builder::new()
                .prefix("macrame-test")
                .tempdir()
                .unwrap(),
            args: Vec::new(),
            env: Vec::new(),
            stdout: None,
            stdout_contains: Vec::new(),
            stderr_contains: Vec::new(),
            status: 0,
        }
    }

    pub fn file(self, name: &str, text: &str) -> Self {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn args(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    pub fn stdout(mut self, stdout: &str) -> Self {
        self.stdout = Some(stdout.to_string());
        self
    }

    pub fn stdout_contains(mut self, part: &str) -> Self {
        self.stdout_contains.push(part.to_string());
        self
    }

    pub fn stderr_contains(mut self, part: &str) -> Self {
        self.stderr_contains.push(part.to_string());
        self
    }

    pub fn status(mut self, status: i32) -> Self {
        self.status = status;
        self
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Runs the command and checks everything that was asked; returns
    /// stdout for further checks.
    pub fn run(self) -> String {
        self.finish().0
    }

    /// As `run`, keeping the directory for a look at the files after.
    pub fn finish(self) -> (String, tempfile::TempDir) {
        let mut command = Command::cargo_bin("macrame").unwrap();
        command.current_dir(self.dir.path()).args(&self.args);
        command.env_remove("NO_COLOR");
        for (key, value) in &self.env {
            command.env(key, value);
        }
        let output = command.output().unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        let context = format!(
            "args {:?}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
            self.args
        );
        assert_eq!(
            output.status.code(),
            Some(self.status),
            "exit status; {context}"
        );
        if let Some(expected) = &self.stdout {
            assert_eq!(&stdout, expected, "stdout; {context}");
        }
        for part in &self.stdout_contains {
            assert!(stdout.contains(part), "stdout lacks {part:?}; {context}");
        }
        for part in &self.stderr_contains {
            assert!(stderr.contains(part), "stderr lacks {part:?}; {context}");
        }
        (stdout, self.dir)
    }
}

/// The runtime suites need root and a Docker engine (and the test bed
/// `scripts/testbed` prepares). Without them `cargo test` skips such a
/// suite, saying which and why, and runs the pure ones; `scripts/test`
/// sets `MACRAME_TEST_RUNTIME=required`, under which a missing one is a
/// failure instead, so that CI never skips.
pub fn needs_runtime() {
    use std::io::Write;
    static MISSING: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let missing = MISSING.get_or_init(|| {
        // /proc/self belongs to the process's effective user.
        let root = std::fs::metadata("/proc/self")
            .is_ok_and(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0);
        if !root {
            return Some("they need root".to_string());
        }
        let engine = std::process::Command::new("docker")
            .args(["info", "--format", "{{.ServerVersion}}"])
            .output();
        match engine {
            Ok(output) if output.status.success() => None,
            _ => Some(format!(
                "they need a Docker engine, and none answers at {}",
                std::env::var("DOCKER_HOST")
                    .unwrap_or_else(|_| "unix:///var/run/docker.sock".into())
            )),
        }
    });
    let Some(why) = missing else {
        return;
    };
    if std::env::var_os("MACRAME_TEST_RUNTIME").is_some_and(|v| v == "required") {
        panic!("the runtime tests must run here (MACRAME_TEST_RUNTIME=required), but {why}");
    }
    let exe = std::env::current_exe().unwrap_or_default();
    let stem = exe.file_stem().unwrap_or_default().to_string_lossy();
    let suite = stem.rsplit_once('-').map_or(&*stem, |(name, _)| name);
    // Past the test harness's capture, which an exit would swallow.
    let _ = writeln!(
        std::io::stderr(),
        "skipped suite `{suite}`: {why}; `scripts/test` runs it (as root, with the test bed)"
    );
    std::process::exit(0);
}
