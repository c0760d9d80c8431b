#import <objc/objc.h>

/* A root class of its own: GNU Objective-C without Foundation has no NSObject. */
__attribute__((objc_root_class))
@interface Hiker
+ (int)answer;
@end
