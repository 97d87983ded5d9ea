# Top-level build for the osteopathic table controller.
#
#   make            build omtd, omtctl, omt-sim (into $(O))
#   make demo       narrated clinician session on the simulator (TABLE= as
#                   for make run)
#   make run        the whole simulated stack in the foreground; TABLE=mixed
#                   for the table of etc/tables/mixed.conf (LINAK height,
#                   CiA 402 tilt, omt-generic-1 drops)
#   make check      deps, build with -Werror, all tests, again under ASan+UBSan,
#                   and the kernel tests in a qemu guest
#   make bench      benchmarks, printed as ratios against same-run baselines
#   make fuzz       every libFuzzer harness in fuzz/ for FUZZ_SECONDS each
#   make soak       SOAK_MINUTES (30) of the simulated stack under load and faults
#   make explore    the scenario explorer for EXPLORE_SECONDS (default 300),
#                   reporting cycles/s and every invariant's verdict
#   make check-pending  tests kept out of make check until their fix lands
#   make install    DESTDIR=... PREFIX=/usr
#
# Each part adds its objects and programs in its own build.mk, so the parts
# can grow without touching this file.

O        ?= build
SAN      ?= 0
PREFIX   ?= /usr
DESTDIR  ?=
SYSCONFDIR ?= /etc
CC       ?= gcc

PKGS     := libmodbus libgpiod libsystemd inih
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) check 2>/dev/null)

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wvla -Wno-unused-parameter
CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu11 $(WARN) -D_GNU_SOURCE -Iinclude -Icommon $(PKG_CFLAGS) \
            -MMD -MP -fno-strict-aliasing
LDFLAGS  ?=
ifeq ($(SAN),1)
CFLAGS   += -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=all -O1
LDFLAGS  += -fsanitize=address,undefined
endif

LIBS_MODBUS  := $(shell pkg-config --libs libmodbus 2>/dev/null)
LIBS_GPIOD   := $(shell pkg-config --libs libgpiod 2>/dev/null)
LIBS_SYSTEMD := $(shell pkg-config --libs libsystemd 2>/dev/null)
LIBS_INIH    := $(shell pkg-config --libs inih 2>/dev/null)
LIBS_CHECK   := $(shell pkg-config --libs check 2>/dev/null)

# Filled in by the parts' build.mk files.
PROGRAMS   :=
UNIT_TESTS :=
TEST_PROGRAMS :=

.PHONY: all deps demo run check test bench install clean explore check-pending fuzz
# Keep objects of test programs for debugging and incremental builds.
.SECONDARY:
all:

include common/build.mk
include sim/build.mk
include daemon/build.mk
include cli/build.mk
include examples/build.mk
include tests/build.mk
include fuzz/build.mk
include bench/build.mk
-include kernel/build.mk

all: $(PROGRAMS) $(TEST_PROGRAMS)

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

deps:
	@tools/deps.sh check

demo:
	@tools/deps.sh demo
	@$(MAKE) --no-print-directory all
	@tools/demo.sh $(O) $(TABLE)

# stdout carries the address line alone (scripts read it); the build's
# chatter goes to stderr.
run:
	@tools/deps.sh demo >&2
	@$(MAKE) --no-print-directory all >&2
	@tools/run-stack.sh $(O) $(TABLE)

# The test command CI runs.  Plain build first, then the same tests under
# the sanitizers (in build/san), then the kernel and GPIO tests in qemu.
check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory O=$(O)/san SAN=1 all
	@tests/run-all.sh $(O)

test: all
	@tests/run-all.sh --quick $(O)

bench:
	@tools/deps.sh bench
	@$(MAKE) --no-print-directory all
	@bench/run-all.sh $(O)

EXPLORE_SECONDS ?= 300
explore: all
	@$(O)/tests/explore/omt-explore --seconds $(EXPLORE_SECONDS) --seed $${EXPLORE_SEED:-1}

check-pending: all
	@rc=0; for t in $(O)/tests/pending/test_*; do \
		case "$$t" in *.o|*.d) continue ;; esac; \
		[ -e "$$t" ] || { echo "nothing pending"; continue; }; \
		echo "== $$t"; "$$t" || rc=1; \
	done; exit $$rc

install: all
	@tools/install.sh "$(O)" "$(DESTDIR)" "$(PREFIX)" "$(SYSCONFDIR)"

clean:
	rm -rf $(O)
	-$(MAKE) -C kernel clean >/dev/null 2>&1 || true

-include $(shell find $(O) -name '*.d' 2>/dev/null)
