"""The contract suite's test modules: conformance (every operation fuzzed), the link workflow, the model of what the
suite wrote, and the properties fuzzing cannot know. Installed, they are voipbin_contract.contract_tests; the rules
and the running of them are voipbin_contract's library (rules/, runner/), loaded as the pytest plugin."""
