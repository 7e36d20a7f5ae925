#![no_main]
//! See `pulse_hooks::fuzz_targets::secret` for what is checked.

libfuzzer_sys::fuzz_target!(|data: &[u8]| pulse_hooks::fuzz_targets::secret(data));
