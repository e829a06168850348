/* Baseline for scripts/bench/http and scripts/bench/run: a plain libcurl multi loop keeping N
 * requests in flight for S seconds; prints "rps=<requests per second> ok=<count> ...". Each
 * finished handle is re-added, so connections are kept alive as in any ordinary multi loop.
 * Without BODY it sends GETs; with BODY it POSTs that body (the same every time) with the
 * given extra header lines, e.g. 'Content-Type: application/json'.
 * usage: curl_multi_loop URL N SECONDS [BODY [HEADER...]] */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static size_t discard(char *ptr, size_t size, size_t nmemb, void *userdata) {
    (void)ptr; (void)userdata;
    return size * nmemb;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: %s URL N SECONDS [BODY [HEADER...]]\n", argv[0]); return 2; }
    const char *url = argv[1];
    int n = atoi(argv[2]);
    double seconds = atof(argv[3]);
    const char *body = argc > 4 ? argv[4] : NULL;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct curl_slist *headers = NULL;
    for (int i = 5; i < argc; i++) headers = curl_slist_append(headers, argv[i]);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, 256L);
    CURL **handles = calloc((size_t)n, sizeof *handles);
    for (int i = 0; i < n; i++) {
        handles[i] = curl_easy_init();
        curl_easy_setopt(handles[i], CURLOPT_URL, url);
        curl_easy_setopt(handles[i], CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(handles[i], CURLOPT_ACCEPT_ENCODING, "");
        curl_easy_setopt(handles[i], CURLOPT_WRITEFUNCTION, discard);
        if (body) curl_easy_setopt(handles[i], CURLOPT_POSTFIELDS, body);
        if (headers) curl_easy_setopt(handles[i], CURLOPT_HTTPHEADER, headers);
        curl_multi_add_handle(multi, handles[i]);
    }
    long ok = 0, failed = 0;
    double start = now(), end = start + seconds;
    int running = 1;
    while (running) {
        curl_multi_perform(multi, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(multi, &left))) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURL *easy = msg->easy_handle;
            long status = 0;
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
            if (msg->data.result == CURLE_OK && status == 200) ok++; else failed++;
            curl_multi_remove_handle(multi, easy);
            if (now() < end) { curl_multi_add_handle(multi, easy); running = 1; }
        }
        curl_multi_poll(multi, NULL, 0, 100, NULL);
        if (now() >= end) {
            int still;
            curl_multi_perform(multi, &still);
            if (still == 0) break;
        }
    }
    double elapsed = now() - start;
    printf("rps=%.1f ok=%ld failed=%ld seconds=%.2f\n", ok / elapsed, ok, failed, elapsed);
    for (int i = 0; i < n; i++) { curl_multi_remove_handle(multi, handles[i]); curl_easy_cleanup(handles[i]); }
    free(handles);
    curl_slist_free_all(headers);
    curl_multi_cleanup(multi);
    curl_global_cleanup();
    return 0;
}
