//! The Debian package `scripts/package` builds (the README's test command
//! builds it before the tests), installed for real by dpkg into a clean
//! directory of the test's own: the binary (stripped), its man page and
//! completions, and nothing that runs by itself.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn package() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/debian");
    let found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("macrame_"))
                && p.extension().is_some_and(|e| e == "deb")
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one package in {}: run scripts/package (scripts/test does) — found {found:?}",
        dir.display()
    );
    found[0].clone()
}

fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_package_installs_the_command_its_man_page_and_completions_and_nothing_that_runs() {
    common::needs_runtime();
    let deb = package();
    let deb = deb.to_str().unwrap();
    let info = run("dpkg-deb", &["--info", deb]);
    assert!(info.contains("Package: macrame"), "{info}");
    assert!(
        info.contains(&format!("Version: {}", env!("CARGO_PKG_VERSION"))),
        "{info}"
    );
    for script in ["preinst", "postinst", "prerm", "postrm"] {
        assert!(
            !info.contains(script),
            "a maintainer script ({script}): {info}"
        );
    }

    // A clean root with an empty dpkg database: a real install, nowhere
    // near the system's own.
    let root = tempfile::tempdir().unwrap();
    let admin = root.path().join("var/lib/dpkg");
    std::fs::create_dir_all(admin.join("updates")).unwrap();
    std::fs::create_dir_all(admin.join("info")).unwrap();
    std::fs::write(admin.join("status"), "").unwrap();
    let instdir = root.path().to_str().unwrap();
    let admindir = admin.to_str().unwrap();
    run(
        "dpkg",
        &[
            "--force-not-root",
            "--force-depends",
            "--force-script-chrootless",
            "--instdir",
            instdir,
            "--admindir",
            admindir,
            "--install",
            deb,
        ],
    );
    let listed = run("dpkg", &["--admindir", admindir, "--listfiles", "macrame"]);
    let mut files: Vec<&str> = listed
        .lines()
        .filter(|path| root.path().join(path.trim_start_matches('/')).is_file())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "/usr/bin/macrame",
            "/usr/share/bash-completion/completions/macrame",
            "/usr/share/doc/macrame/README.md",
            "/usr/share/doc/macrame/copyright",
            "/usr/share/fish/vendor_completions.d/macrame.fish",
            "/usr/share/man/man1/macrame.1.gz",
            "/usr/share/zsh/vendor-completions/_macrame",
        ],
        "{listed}"
    );

    let binary = root.path().join("usr/bin/macrame");
    // Stripped, as Debian's policy wants of a package's binaries: no
    // debug sections and no symbol table (the release build keeps line
    // tables for backtraces and profiles; the package does not carry them).
    let sections = run(
        "readelf",
        &["--section-headers", "--wide", binary.to_str().unwrap()],
    );
    for section in [".debug_line", ".debug_info", ".symtab"] {
        assert!(
            !sections.contains(section),
            "/usr/bin/macrame has {section}: not stripped\n{sections}"
        );
    }
    let version = run(binary.to_str().unwrap(), &["--version"]);
    assert_eq!(version, format!("macrame {}\n", env!("CARGO_PKG_VERSION")));
    let man = root.path().join("usr/share/man/man1/macrame.1.gz");
    let page = run("man", &["-l", "-P", "cat", man.to_str().unwrap()]);
    assert!(page.contains("macrame"), "{page}");
    let bash = std::fs::read_to_string(
        root.path()
            .join("usr/share/bash-completion/completions/macrame"),
    )
    .unwrap();
    assert!(bash.contains("complete -F _macrame"), "{bash}");
}
