#import <objc/objc.h>
#include <stdio.h>

/* A root class of its own: GNU Objective-C without Foundation has no NSObject. */
__attribute__((objc_root_class))
@interface Adder
+ (long long)sumOf:(long long)a and:(long long)b;
@end

@implementation Adder
+ (long long)sumOf:(long long)a and:(long long)b
{
    return a + b;
}
@end

int main(void)
{
    long long a, b;
    if (scanf("%lld %lld", &a, &b) != 2) {
        return 1;
    }
    printf("%lld\n", [Adder sumOf:a and:b]);
    return 0;
}
