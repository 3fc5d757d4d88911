#include "config.h"

#include <string.h>

#include "writer.h"

static const struct writer_ops *writers[] = {
	&writer_tsv_ops,
	&writer_csv_ops,
	&writer_json_ops,
	&writer_text_ops,
};

const struct writer_ops *
writer_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof writers / sizeof writers[0]; i++)
		if (strcmp(writers[i]->name, name) == 0)
			return writers[i];
	return NULL;
}
