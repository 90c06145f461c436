# A malformed command line (unknown keys, missing or bad values, an option with no name)
# boots with one warning each, and the valid options still apply. (Sourced by tests/run.sh.)

log=$(boot cmdline "bogus=1 loglevel loglevel=99 =x selftest=boot_cmdline")
expect_rc "cmdline/boots and runs the selected test" "$log" "$QEMU_PASS"
expect_in_log "cmdline/unknown key warned" "$log" "option 'bogus' ignored: unknown option"
expect_in_log "cmdline/missing value warned" "$log" "option 'loglevel' ignored: needs a value"
expect_in_log "cmdline/bad value warned" "$log" "option 'loglevel' ignored: not a log level"
expect_in_log "cmdline/nameless option warned" "$log" "option 'x' ignored: an option with no name"
expect_in_log "cmdline/warnings counted" "$log" "cmdline: 4 warnings; booting anyway"
expect_in_log "cmdline/valid option applied" "$log" "selftest: boot_cmdline_seen PASS"
