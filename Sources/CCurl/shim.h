#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
// libcurl (Debian: libcurl4-openssl-dev). curl_easy_setopt, curl_easy_getinfo and
// curl_multi_setopt are variadic, which Swift cannot call: each wrapper below fixes one
// argument type. Only the types the project uses are wrapped.
#include <curl/curl.h>

typedef size_t (*ccurl_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);

// Wrapper around variadic curl_easy_setopt for long options.
// https://curl.se/libcurl/c/curl_easy_setopt.html
static inline CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

// Wrapper around variadic curl_easy_setopt for curl_off_t options (sizes, e.g. CURLOPT_MAXFILESIZE_LARGE).
// https://curl.se/libcurl/c/curl_easy_setopt.html
static inline CURLcode ccurl_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

// Wrapper around variadic curl_easy_setopt for string and object pointer options.
// libcurl copies strings passed here (since 7.17), but not CURLOPT_POSTFIELDS or slists.
// https://curl.se/libcurl/c/curl_easy_setopt.html
static inline CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}

// Wrapper around variadic curl_easy_setopt for CURLOPT_WRITEFUNCTION / CURLOPT_HEADERFUNCTION.
// https://curl.se/libcurl/c/CURLOPT_WRITEFUNCTION.html
static inline CURLcode ccurl_easy_setopt_data_callback(CURL *handle, CURLoption option, ccurl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

// Wrapper around variadic curl_easy_getinfo for long results (CURLINFO_RESPONSE_CODE …).
// https://curl.se/libcurl/c/curl_easy_getinfo.html
static inline CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

// Wrapper around variadic curl_easy_getinfo for curl_off_t results (CURLINFO_TOTAL_TIME_T …).
// https://curl.se/libcurl/c/curl_easy_getinfo.html
static inline CURLcode ccurl_easy_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

// Wrapper around variadic curl_easy_getinfo for pointer results (CURLINFO_PRIVATE …).
// https://curl.se/libcurl/c/curl_easy_getinfo.html
static inline CURLcode ccurl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

// Wrapper around variadic curl_multi_setopt for long options.
// https://curl.se/libcurl/c/curl_multi_setopt.html
static inline CURLMcode ccurl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

// CURLVERSION_NOW is a macro naming an enum case, which Swift does not import.
// https://curl.se/libcurl/c/curl_version_info.html
static inline curl_version_info_data *ccurl_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}

#endif
