# Code shared by the simulator, the daemon and the tools.
COMMON_SRCS := $(wildcard common/*.c)
COMMON_OBJS := $(COMMON_SRCS:%.c=$(O)/%.o)
COMMON_LIB  := $(O)/libomtcommon.a

$(COMMON_LIB): $(COMMON_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# The version, and the commit from git when built from a checkout (a
# tarball says "unknown").  The stamp changes only when the commit does,
# so omt_version.o is rebuilt then and only then.
OMT_VERSION := 0.1.0
OMT_COMMIT := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
$(O)/common/omt_version.o: CFLAGS += -DOMT_VERSION='"$(OMT_VERSION)"' \
	-DOMT_COMMIT='"$(OMT_COMMIT)"'
$(O)/common/omt_version.o: $(O)/common/version.stamp
$(O)/common/version.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(OMT_VERSION) $(OMT_COMMIT)' | cmp -s - $@ || \
		echo '$(OMT_VERSION) $(OMT_COMMIT)' >$@
.PHONY: FORCE
FORCE:
