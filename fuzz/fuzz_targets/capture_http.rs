#![no_main]
//! See `pulse_hooks::fuzz_targets::capture_http` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| pulse_hooks::fuzz_targets::capture_http(data));
