//! How fast the language server answers a change: a 2,000-line file is
//! analysed again in full (check, index) and its diagnostics converted, as
//! `macrame lsp` does on every keystroke's didChange.
//!
//!     cargo bench --bench lsp

use macrame::lsp::Analysis;
use macrame::source::Source;
use std::time::Instant;

#[path = "generate.rs"]
mod generate;

fn main() {
    let text = generate::generate(20, 14);
    let lines = text.lines().count();
    assert!((1900..2300).contains(&lines), "{lines} lines");
    let runs = 50;
    let mut times: Vec<f64> = (0..runs)
        .map(|i| {
            // A different text each time, as typing makes it.
            let edited = format!("{text}# edit {i}\n");
            let start = Instant::now();
            let analysis = Analysis::new(Source::new("bench.mcr", edited), "bench");
            let hover = analysis.hover(text.find("net7").unwrap() + 1);
            std::hint::black_box((analysis.checked.diagnostics.len(), hover));
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "lsp: re-analyse a {lines}-line file and hover: median {:.2} ms, max {:.2} ms over {runs} runs",
        times[runs / 2],
        times[runs - 1]
    );
}
