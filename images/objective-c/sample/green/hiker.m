#import "hiker.h"

@implementation Hiker
+ (int)answer
{
    return 6 * 7;
}
@end
