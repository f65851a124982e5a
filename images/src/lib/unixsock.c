/*
 * unixsock.c - options shared by the Unix domain stream programs: the socket
 * path (-u), checked against the size of sun_path.
 */
#include "unp.h"
#include <sys/un.h>

#define DEFAULT_UNIX_PATH "/tmp/socklab-echo.sock"

const char *unix_parse_args(int argc, char **argv, const char *what)
{
    static const struct option longopts[] = {
        {"path", required_argument, NULL, 'u'},
        {"help", no_argument,       NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    const char *path = DEFAULT_UNIX_PATH;
    int c;

    set_progname(argv[0]);
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":u:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'u':
            if (*optarg == '\0' || strlen(optarg) >= sizeof ((struct sockaddr_un *)0)->sun_path)
                err_usage("bad -u value '%.40s': expected a path of 1..%zu bytes", optarg,
                          sizeof ((struct sockaddr_un *)0)->sun_path - 1);
            path = optarg;
            break;
        case 'h':
            printf("Usage: %s [-u path]\n%s\n"
                   "  -u, --path PATH      Unix domain socket path (default %s)\n"
                   "  -h, --help           show this help\n", progname, what, DEFAULT_UNIX_PATH);
            exit(0);
        default:
            err_getopt(c, argv);
        }
    }
    err_operands(argc, argv);
    return path;
}

void unix_address(const char *path, struct sockaddr_un *sun)
{
    memset(sun, 0, sizeof *sun);
    sun->sun_family = AF_LOCAL;
    strncpy(sun->sun_path, path, sizeof sun->sun_path - 1);
}
