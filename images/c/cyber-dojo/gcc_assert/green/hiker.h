#ifndef HIKER_H
#define HIKER_H

int roads(void);

#endif
