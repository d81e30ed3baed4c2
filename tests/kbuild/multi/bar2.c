// SPDX-License-Identifier: MIT
int bar2_value(void)
{
	return 0;
}
