// Builds rigs/firmware/apical_valve/apical_valve.ino unchanged for the PC (see arduino_host.h).
#include "arduino_host.h"
#include SKETCH
int main() {
  setup();
  for (;;) {
    loop();
    usleep(50);
  }
}
