#ifndef HIKER_HPP
#define HIKER_HPP

int roads();

class hiker
{
public:
    int roads() const;
};

#endif
