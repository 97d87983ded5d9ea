// SPDX-License-Identifier: MIT
/* Indenting compact JSON as it streams past. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "json_pretty.h"

static void newline(FILE *out, int depth)
{
	fputc('\n', out);
	for (int i = 0; i < depth; i++)
		fputs("  ", out);
}

static void feed_one(struct omtctl_json_pretty *s, char c, FILE *out)
{
	bool closing = !s->in_string && (c == '}' || c == ']');

	if (s->opened) {
		s->opened = false;
		if (closing) {          /* {} and [] stay as they are */
			s->depth--;
			fputc(c, out);
			return;
		}
		newline(out, s->depth);
	}
	if (s->in_string) {
		fputc(c, out);
		if (s->escaped)
			s->escaped = false;
		else if (c == '\\')
			s->escaped = true;
		else if (c == '"')
			s->in_string = false;
		return;
	}
	switch (c) {
	case '"':
		s->in_string = true;
		fputc(c, out);
		break;
	case '{':
	case '[':
		fputc(c, out);
		s->depth++;
		s->opened = true;
		break;
	case '}':
	case ']':
		if (s->depth > 0)
			s->depth--;
		newline(out, s->depth);
		fputc(c, out);
		break;
	case ',':
		fputc(c, out);
		newline(out, s->depth);
		break;
	case ':':
		fputs(": ", out);
		break;
	case '\n':
		/* The end of a document: the next starts afresh. */
		s->depth = 0;
		fputc(c, out);
		break;
	default:
		fputc(c, out);
		break;
	}
}

void omtctl_json_pretty_feed(struct omtctl_json_pretty *state,
			     const char *text, size_t length, FILE *out)
{
	for (size_t i = 0; i < length; i++)
		feed_one(state, text[i], out);
}

struct pretty_stream {
	struct omtctl_json_pretty state;
	FILE *out;
};

static ssize_t pretty_write(void *cookie, const char *buffer, size_t size)
{
	struct pretty_stream *p = cookie;

	omtctl_json_pretty_feed(&p->state, buffer, size, p->out);
	if (fflush(p->out) == EOF)
		return -1;
	return (ssize_t)size;
}

static int pretty_close(void *cookie)
{
	struct pretty_stream *p = cookie;
	int r = fclose(p->out);

	free(p);
	return r;
}

int omtctl_json_pretty_stdout(void)
{
	cookie_io_functions_t io = { .write = pretty_write,
				     .close = pretty_close };
	struct pretty_stream *p = calloc(1, sizeof(*p));
	FILE *stream;
	int fd;

	if (!p)
		return -ENOMEM;
	fd = dup(STDOUT_FILENO);
	p->out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!p->out) {
		if (fd >= 0)
			close(fd);
		free(p);
		return -errno;
	}
	stream = fopencookie(p, "w", io);
	if (!stream) {
		fclose(p->out);
		free(p);
		return -errno;
	}
	/* Line by line, as a terminal would show it. */
	setvbuf(stream, NULL, _IOLBF, 0);
	fflush(stdout);
	stdout = stream;
	return 0;
}
