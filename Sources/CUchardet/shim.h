#ifndef SLUICE_CUCHARDET_SHIM_H
#define SLUICE_CUCHARDET_SHIM_H
// uchardet's header lives in <prefix>/include/uchardet/; including it by this
// path works whether or not pkg-config's -I flag is applied.
#include <uchardet/uchardet.h>
#endif
