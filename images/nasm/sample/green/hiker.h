#ifndef HIKER_INCLUDED
#define HIKER_INCLUDED

int answer(void);

#endif
