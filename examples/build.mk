# The client examples of docs/dbus-api.md, built so that CI runs them
# against the simulated stack (tests/integration/examples.sh).
EXAMPLE_C_BIN := $(O)/examples/table-client
PROGRAMS += $(EXAMPLE_C_BIN)

$(EXAMPLE_C_BIN): $(O)/examples/table_client.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SYSTEMD) -lm
