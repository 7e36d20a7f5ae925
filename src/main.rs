fn main() -> std::process::ExitCode {
    pulse_hooks::app::main()
}
