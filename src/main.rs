fn main() -> std::process::ExitCode {
    macrame::cli::run()
}
