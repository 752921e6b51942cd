//! docs/language.md stays in step with the grammar and the codes, and the
//! README's import example with what `import` does.

use macrame::diagnostic::Code;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn every_keyword_of_the_grammar_is_documented() {
    let grammar = read("grammar/macrame.pest");
    let docs = read("docs/language.md");
    let keywords: Vec<&str> = grammar
        .lines()
        .filter(|line| line.starts_with("kw_"))
        .filter_map(|line| line.split('"').nth(1))
        .collect();
    assert!(keywords.len() > 25, "found only {keywords:?}");
    for keyword in keywords {
        assert!(
            docs.contains(&format!("`{keyword}")),
            "docs/language.md never shows `{keyword}`"
        );
    }
}

#[test]
fn every_code_is_documented() {
    let docs = read("docs/language.md");
    for code in Code::ALL {
        assert!(
            docs.contains(&format!("| {} |", code.as_str()))
                || docs.contains(&format!("| `{}` |", code.as_str())),
            "docs/language.md has no table row for {code}"
        );
    }
}

/// The README's "Coming from Compose" shows what `import` really does:
/// its Compose file imports to exactly its topology, with the reports and
/// lint findings it lists.
#[test]
fn the_readme_import_example_is_what_import_writes() {
    let readme = read("README.md");
    let section = &readme[readme.find("## Coming from Compose").expect("the section")..];
    let block = |fence: &str| -> String {
        let start = section.find(fence).expect("a block") + fence.len();
        let end = section[start..].find("\n```").unwrap() + start;
        section[start..end].trim_start_matches('\n').to_string() + "\n"
    };
    let compose = block("```yaml\n");
    let session = block("```\n$ macrame import -o macrame.mcr\n");
    let after = &section[section.find("The topology it wrote").unwrap()..];
    let start = after.find("```\n").unwrap() + 4;
    let topology = &after[start..start + after[start..].find("\n```").unwrap() + 1];
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("pihole");
    std::fs::create_dir(&project).unwrap();
    std::fs::write(project.join("docker-compose.yml"), compose).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_macrame"))
        .current_dir(&project)
        .args(["import", "-o", "macrame.mcr"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(output.status.success());
    let written = std::fs::read_to_string(project.join("macrame.mcr")).unwrap();
    assert_eq!(
        written, topology,
        "the README's topology is not what import writes"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    for line in session.lines() {
        // A diagnostic's first words (the rest is wrapped, with its spans).
        let shown = if line.starts_with("  ") {
            &line[..line.len().min(60)]
        } else {
            line
        };
        assert!(
            stderr.contains(shown),
            "import does not print {shown:?}:\n{stderr}"
        );
    }
}
