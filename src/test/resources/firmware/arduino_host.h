// The few Arduino calls apical_valve.ino uses (digitalRead: the lick sensor, see below), for building the real sketch on a PC (tests only):
// Serial is stdin/stdout, millis() the monotonic clock, and every pin change is logged on stderr as
// "pin <n> <0|1> <millis>" so a test can see the valve itself open and close.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cstdint>
#include <ctime>
#include <poll.h>
#include <unistd.h>
#define HIGH 1
#define LOW 0
#define OUTPUT 1
#define INPUT_PULLUP 2
inline unsigned long millis() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (unsigned long)(t.tv_sec * 1000 + t.tv_nsec / 1000000);
}
inline void pinMode(uint8_t, uint8_t) {}
inline void digitalWrite(uint8_t pin, uint8_t v) { fprintf(stderr, "pin %u %u %lu\n", pin, v, millis()); fflush(stderr); }
// The lick sensor: a lick while the file named by APICAL_LICK_FILE (if set) holds '1' (pulled LOW), else released.
inline int digitalRead(uint8_t) {
  static const char *path = getenv("APICAL_LICK_FILE");
  if (!path) return HIGH;
  FILE *f = fopen(path, "r");
  if (!f) return HIGH;
  int c = fgetc(f);
  fclose(f);
  return c == '1' ? LOW : HIGH;
}
struct HostSerial {
  int peeked = -1;
  void begin(unsigned long) {}
  int available() {
    if (peeked >= 0) return 1;
    pollfd p{0, POLLIN, 0};
    if (poll(&p, 1, 0) > 0) {
      unsigned char c;
      ssize_t n = ::read(0, &c, 1);
      if (n == 1) { peeked = c; return 1; }
      if (n == 0) _exit(0);  // the host end went away
    }
    return 0;
  }
  int read() { if (peeked < 0 && !available()) return -1; int c = peeked; peeked = -1; return c; }
  void print(const char *s) { fputs(s, stdout); fflush(stdout); }
  void print(char c) { fputc(c, stdout); fflush(stdout); }
} Serial;
