// The libxml2 surface Sluice uses: the HTML parser and the tree API.
//
// libxml2 may be built with ICU; its headers then pull in ICU types that clash with the ICU
// Foundation ships (`UErrorCode`). Sluice never uses libxml2's ICU support, so it is hidden here.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <string.h>

/// `xmlFree` is a mutable C global (a function pointer), which Swift 6 refuses to call
/// directly; this wrapper calls it.
static inline void sluice_xml_free(void *pointer) {
    xmlFree(pointer);
}

static inline void sluice_xml_structured_silence(void *context, xmlErrorPtr error) {
    (void)context;
    (void)error;
}

static inline void sluice_xml_generic_silence(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

/// Installs no-op error handlers for the calling thread (libxml2 keeps them per thread), so
/// that nothing is ever printed to stderr.
static inline void sluice_xml_silence_errors(void) {
    xmlSetStructuredErrorFunc(NULL, sluice_xml_structured_silence);
    xmlSetGenericErrorFunc(NULL, sluice_xml_generic_silence);
}

/// `XML_PARSE_HUGE`, which the HTML option enum does not list but `htmlCtxtUseOptions` honours:
/// lifts the nesting-depth (256) and text-node (10 MB) limits. Sluice applies its own caps.
static inline int sluice_xml_parse_huge(void) {
    return XML_PARSE_HUGE;
}
