#import "hiker.h"

@implementation Hiker
+ (int)answer
{
    return 6 * 9;
}
@end
